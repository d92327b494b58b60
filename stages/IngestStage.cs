using WeightSpace.Core.Metrics;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>Zoo folder (published format) -> Parquet, and the by-model split every later stage uses.</summary>
public sealed class IngestStage(string zoo, IngestParams ingest, SplitParams split, RunSettings run) : IStage
{
    public string Name => $"ingest-{zoo}";
    public string Description => $"Ingest the {zoo} zoo to Parquet (validated, streamed by row group) and split it by model";
    public IReadOnlyList<string> Deps => [Artifacts.Zoo(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var policy = ingest.NonFinite == "error" ? NonFinitePolicy.Error : NonFinitePolicy.Drop;
        var output = context.Output(Artifacts.Ingested(zoo));
        var summary = ZooIngest.Run(context.Input(Artifacts.Zoo(zoo)), output, policy, ingest.RowGroupSize);
        context.Log($"{summary.Rows} checkpoints of {summary.Models} models, {summary.Parameters} weights each; {summary.DroppedNonFinite} row(s) with non-finite weights dropped");

        var modelSplit = ModelSplit.Create(ZooParquet.ReadModels(output), split.Train, split.Validation, split.Seed);
        modelSplit.Write(context.Output(Artifacts.Split(zoo)));
        MetricRow Fact(string target, double value) => new("datasets", zoo, target, "ingest", "weights", "none", "", "count", value, "all", run.Seed, Name);
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)),
        [
            Fact("ingested-checkpoints", summary.Rows),
            Fact("dropped-non-finite", summary.DroppedNonFinite),
            .. Enum.GetValues<SplitPart>().Select(p => Fact($"models-{ModelSplit.Name(p)}", modelSplit.ModelsIn(p).Count())),
        ]);
    }
}
