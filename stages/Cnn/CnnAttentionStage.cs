using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// AttnPred and AttnAE II on one CNN zoo: Table 9 (accuracy R² and tau-b), Table 10 (activation,
/// init, optimizer and epoch, beside the log-linear baseline on per-layer statistics), Figures
/// 20–22, and on the MNIST zoo §4.4.2 (PCA against AttnAE II at latent 128).
/// </summary>
[Stage(Order = 150)]
public sealed class CnnAttentionStage(string zoo, CnnAttentionParams attention, RunSettings run) : IStage
{
    /// <summary>Both CNN zoos.</summary>
    public static IEnumerable<string> Instances => CnnZooStage.Zoos;

    public string Name => $"attention-{zoo}";
    public string Description => $"AttnPred and AttnAE II on the {zoo} zoo: Tables 9, 10{(zoo == Sec442.Zoo ? ", §4.4.2" : "")} and Figures 20–22";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Layout(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var layout = LayoutCsv.Read(context.Input(Artifacts.Layout(zoo)));
        MemoryCheck.Require(attention, layout.NeuronGroups.Count); // before anything is allocated
        var data = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var config = Config(attention, run.Seed);
        var dataset = ZooNames.Dataset(zoo);
        void Log(string line) => context.Log($"  {line}");

        var rows = new List<MetricRow>();
        rows.AddRange(Table9.Rows(data, layout, config, dataset, Name, Log));
        context.Log($"table 9: {string.Join(", ", rows.Where(r => r.Split == "test").Select(r => $"{r.Key.Metric} {r.Value:F3}"))}");
        rows.AddRange(Table10.Rows(data, layout, config, dataset, Name, Log));
        context.Log("table 10 and figures 20-22 done");
        if (zoo == Sec442.Zoo)
            rows.AddRange(Sec442.Rows(data, layout, config, dataset, Name, Log));
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
    }

    /// <summary>The experiments' settings from the cnn_attention params section.</summary>
    public static CnnAttentionConfig Config(CnnAttentionParams a, int seed) => new(
        a.Trainer(seed), a.EpochStride, a.MaxTrainRows, a.LogisticCs, a.DModel, a.Heads, a.Blocks, a.GlobalTokens, a.MlpRatio, a.AeDModel, a.AeBlocks, a.AccuracyEnsemble);
}

/// <summary>
/// AttnPred and AttnAE II on a CNN zoo (attention-cnn-*): Tables 9 and 10, §4.4.2, Figures 20–22. Sizes are the budget knobs.
/// The accuracy and hyper-parameter rows train on every epoch_stride-th checkpoint epoch, the epoch rows on all.
/// </summary>
[ParamsSection("cnn_attention")]
public sealed record CnnAttentionParams(
    [property: Range(0, 100_000_000)] int MaxTrainRows,     // at most this many training checkpoints, a seeded subsample (0: all)
    [property: Range(4, 1024)] int DModel,                  // AttnPred's encoder width (the thesis' ~600K-parameter model: see the params row)
    [property: Range(1, 16)] int Heads,
    [property: Range(1, 16)] int Blocks,                    // AttnPred's encoder depth
    [property: Range(1, 16)] int GlobalTokens,
    [property: Range(1, 8)] int MlpRatio,
    [property: Range(4, 1024)] int AeDModel,                // AttnAE II's width in §4.4.2 (thesis 128)
    [property: Range(1, 16)] int AeBlocks,                  // AttnAE II's depth in §4.4.2 (thesis 4)
    [property: MinLength(1), Range(0.0, 1e12, MinimumIsExclusive = true), DistinctItems] IReadOnlyList<double> LogisticCs,
    [property: Range(1, 100)] int AccuracyEnsemble)         // Table 9 also scores the mean prediction of this many AttnPreds, one per seed (1: the single model only)
    : TrainingBudget;
