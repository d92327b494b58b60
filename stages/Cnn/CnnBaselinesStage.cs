using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Baselines;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// Statistics baselines on one CNN zoo: Table 3 (global statistics against accuracy) and Table 8's
/// LightGBM rows (raw weights and Unterthiner's per-layer statistics), with the test set's tau-b ceiling.
/// </summary>
[Stage(Order = 100)]
public sealed class CnnBaselinesStage(string zoo, BaselineParams baselines, CnnBaselineParams cnn, RunSettings run) : IStage
{
    /// <summary>Both CNN zoos.</summary>
    public static IEnumerable<string> Instances => CnnZooStage.Zoos;

    public string Name => $"baselines-{zoo}";
    public string Description => $"Table 3 and Table 8's LightGBM rows on the {zoo} zoo";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Statistics(zoo), Artifacts.Layout(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var dataset = ZooNames.Dataset(zoo);
        var data = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(context.Input(Artifacts.Layout(zoo)));
        var statistics = FeatureTable.Read(context.Input(Artifacts.Statistics(zoo)));
        if (!statistics.ModelIds.AsSpan().SequenceEqual(data.ModelIds) || !statistics.Epochs.AsSpan().SequenceEqual(data.Epochs))
            throw new InvalidDataException($"{Artifacts.Statistics(zoo)} does not list the checkpoints of {Artifacts.Ingested(zoo)} in the same order; re-run statistics-{zoo}");

        var rows = new List<MetricRow>();
        var global = new BaselineData(dataset, data.Split, data.ModelIds, data.Accuracy,
            new Dictionary<string, FeatureMatrix> { ["stats-global"] = statistics.Features.SelectColumns(n => n.StartsWith("global:", StringComparison.Ordinal)) },
            new Dictionary<string, int[]>());
        rows.AddRange(Table3.Rows(global, new BaselineOptions(baselines.RidgeAlphas, baselines.LogisticCs, baselines.MaxTrainRows, run.Seed, Name)));
        context.Log("table 3 done");

        var table8 = new Table8Data(dataset, data, layout, ExperimentRows.Of(data, cnn.EpochStride));
        var gbm = new GradientBoostingConfig(cnn.GbmTrees, cnn.GbmLeaves, cnn.GbmLearningRate, cnn.GbmMinLeafRows, cnn.GbmEarlyStopping, run.Seed, run.Threads);
        foreach (var result in Table8.GradientBoosting(table8, gbm, line => context.Log($"  {line}")))
            rows.AddRange(result.ToRows(dataset, run.Seed, Name));
        rows.Add(Table8.CeilingRow(table8, run.Seed, Name));
        foreach (var r in rows.Where(r => r.Key.Metric is "r2" or "kendall" && r.Split == "test"))
            context.Log($"{r.Key.Table} {r.Key.Method,-11} {r.Key.Input,-12} {r.Key.Metric,-7} {r.Value:F3}");
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
    }
}

/// <summary>Table 8's LightGBM rows on a CNN zoo (baselines-cnn-*); Table 3 takes its ridge grid from "baselines".</summary>
[ParamsSection("cnn_baselines")]
public sealed record CnnBaselineParams(
    [property: Range(1, 1000)] int EpochStride,             // train/validation use every k-th checkpoint epoch (test uses all)
    [property: Range(1, 100_000)] int GbmTrees,             // boosting rounds at most
    [property: Range(2, 65_536)] int GbmLeaves,             // leaves per tree
    [property: Range(1e-4, 1.0)] double GbmLearningRate,
    [property: Range(1, 1_000_000)] int GbmMinLeafRows,     // fewest training checkpoints in a leaf
    [property: Range(0, 100_000)] int GbmEarlyStopping);    // rounds without a better validation L2 before stopping (0: never)
