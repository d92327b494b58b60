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

    public void Run(StageContext context) => Ingest(context, zoo, new ZooSource(new ZooFolder(context.Input(Artifacts.Zoo(zoo))), null), Name, ingest, split, run);

    /// <summary>The ingest of a zoo source (generated, or a downloaded zoo's) into <paramref name="zoo"/>'s Parquet and split.</summary>
    internal static void Ingest(StageContext context, string zoo, ZooSource source, string stage, IngestParams ingest, SplitParams split, RunSettings run)
    {
        var policy = ingest.NonFinite == "error" ? NonFinitePolicy.Error : NonFinitePolicy.Drop;
        var output = context.Output(Artifacts.Ingested(zoo));
        var summary = source.Ingest(output, policy, ingest.RowGroupSize);
        context.Log($"{summary.Rows} checkpoints of {summary.Models} models, {summary.Parameters} weights each; {summary.DroppedNonFinite} row(s) with non-finite weights dropped"
            + (source.Dataset is null ? "" : $"; {summary.SkippedOtherDatasets} row(s) of other image sets than config.dataset '{source.Dataset}' skipped"));

        var modelSplit = ModelSplit.Create(ZooParquet.ReadModels(output), split.Train, split.Validation, split.Seed);
        modelSplit.Write(context.Output(Artifacts.Split(zoo)));
        MetricRow Fact(string target, double value) => new("datasets", zoo, target, "ingest", "weights", "none", "", "count", value, "all", run.Seed, stage);
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(stage)),
        [
            Fact("ingested-checkpoints", summary.Rows),
            Fact("dropped-non-finite", summary.DroppedNonFinite),
            .. Enum.GetValues<SplitPart>().Select(p => Fact($"models-{ModelSplit.Name(p)}", modelSplit.ModelsIn(p).Count())),
        ]);
    }
}
