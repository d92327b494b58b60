using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Baselines;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// Linear baselines on one zoo: Table 2 (tetris-seed), Table 5's statistics rows, and Table 6's
/// statistics rows when the zoo varies hyper-parameters.
/// </summary>
[Stage(Order = 90)]
public sealed class BaselinesStage(string zoo, BaselineParams parameters, RunSettings run) : IStage
{
    /// <summary>The tetris zoos (the CNN zoos' baselines: <see cref="CnnBaselinesStage"/>).</summary>
    public static IEnumerable<string> Instances => TetrisZooStage.Zoos;

    public string Name => $"baselines-{zoo}";
    public string Description => $"Correlations, ridge regression and logistic classification from {zoo} weights and statistics";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Statistics(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var data = Load(context);
        var options = new BaselineOptions(parameters.RidgeAlphas, parameters.LogisticCs, parameters.MaxTrainRows, run.Seed, Name);
        var rows = new List<MetricRow>();
        if (zoo == Table2.Zoo)
        {
            rows.AddRange(Table2.Rows(data, options));
            context.Log("table 2 done");
        }
        rows.AddRange(Table5.LinearRows(data, options));
        context.Log("table 5 done");
        if (data.Classes.Count > 0)
        {
            rows.AddRange(Table6.LinearRows(data, options));
            context.Log("table 6 done");
        }
        foreach (var r in rows.Where(r => r.Key.Metric is "r2" or "f1"))
            context.Log($"{r.Key.Table} {r.Key.Target,-10} {r.Key.Method,-9} {r.Key.Input,-18} {r.Key.Metric} {r.Value:F3}");
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
    }

    private BaselineData Load(StageContext context)
    {
        var zooData = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var statistics = FeatureTable.Read(context.Input(Artifacts.Statistics(zoo)));
        if (!statistics.ModelIds.AsSpan().SequenceEqual(zooData.ModelIds) || !statistics.Epochs.AsSpan().SequenceEqual(zooData.Epochs))
            throw new InvalidDataException($"{Artifacts.Statistics(zoo)} does not list the checkpoints of {Artifacts.Ingested(zoo)} in the same order; re-run statistics-{zoo}");
        return BaselineData.Create(zoo, zooData, statistics.Features, Table6.HyperParameters);
    }
}

/// <summary>Linear baselines of Tables 2, 5 and 6.</summary>
[ParamsSection("baselines")]
public sealed record BaselineParams(
    [property: MinLength(1), Range(0.0, 1e12), DistinctItems] IReadOnlyList<double> RidgeAlphas,   // penalties tried on the validation models
    [property: MinLength(1), Range(0.0, 1e12, MinimumIsExclusive = true), DistinctItems] IReadOnlyList<double> LogisticCs,    // inverse penalties tried on validation macro F1
    [property: Range(0, 10_000_000)] int MaxTrainRows);           // cap on classifier training checkpoints (0 = all)
