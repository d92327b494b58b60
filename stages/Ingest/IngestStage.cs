using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// Zoo folder (published format) -> Parquet, the checked layout and the by-model split: everything
/// later stages read of a zoo, so none of them reads the zoo folder itself.
/// </summary>
[Stage(Order = 60)]
public sealed class IngestStage(string zoo, IngestParams ingest, SplitParams split, RunSettings run) : IStage
{
    /// <summary>The tetris zoos (a CNN zoo has its own ingest, <see cref="CnnIngestStage"/>).</summary>
    public static IEnumerable<string> Instances => TetrisZooStage.Zoos;

    public string Name => $"ingest-{zoo}";
    public string Description => $"Ingest the {zoo} zoo to Parquet (validated, streamed by row group) and split it by model";
    public IReadOnlyList<string> Deps => [Artifacts.Zoo(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.Ingested(zoo), Artifacts.Layout(zoo), Artifacts.Split(zoo), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context) => Ingest(context, zoo, new ZooSource(new ZooFolder(context.Input(Artifacts.Zoo(zoo))), null), Name, ingest, split, run);

    /// <summary>The ingest of a zoo source (generated, or a downloaded zoo's) into <paramref name="zoo"/>'s Parquet and split.</summary>
    internal static void Ingest(StageContext context, string zoo, ZooSource source, string stage, IngestParams ingest, SplitParams split, RunSettings run)
    {
        var policy = ingest.NonFinite == "error" ? NonFinitePolicy.Error : NonFinitePolicy.Drop;
        var output = context.Output(Artifacts.Ingested(zoo));
        var summary = source.Ingest(output, policy, ingest.RowGroupSize);
        // The layout is published with the weights it describes (checked again as it is read): the
        // zoo folder is this stage's input only, and a downloaded zoo lives outside data/zoos.
        LayoutCsv.Write(context.Output(Artifacts.Layout(zoo)), LayoutCsv.Read(source.Folder.LayoutPath));
        context.Log($"{summary.Rows} checkpoints of {summary.Models} models, {summary.Parameters} weights each; {summary.DroppedNonFinite} row(s) with non-finite weights (or beyond ±{ZooIngest.MaxAbsWeight:G}) dropped"
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

/// <summary>Zoo folder -> Parquet.</summary>
[ParamsSection("ingest")]
public sealed record IngestParams(
    [property: AllowedValues("drop", "error")] string NonFinite, // rows with NaN/Inf weights (or beyond ±1e18, see ZooIngest.MaxAbsWeight): drop and count, or fail
    [property: Range(100, 1_000_000)] int RowGroupSize);         // checkpoints per Parquet row group (memory bound)

/// <summary>The by-model split every later stage uses; test gets the rest.</summary>
[ParamsSection("split")]
public sealed record SplitParams(
    [property: Range(0.05, 0.95)] double Train,
    [property: Range(0.01, 0.5)] double Validation,
    [property: Range(0, 1_000_000)] int Seed) : IValidatableObject
{
    // Checked with every other key before anything runs, not when the ingest stage splits.
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Train + Validation >= 1)
            yield return new ValidationResult($"train {Train} + validation {Validation} must be below 1 so that test gets models", [nameof(Train), nameof(Validation)]);
    }
}
