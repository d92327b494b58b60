using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Figures 16 and 17: the first encoder block's attention maps of the AttnAE II that
/// autoencoders-tetris-seed saved, on the test checkpoints (evenly subsampled, see attention_maps).
/// </summary>
[Stage(Order = 180)]
public sealed class AttentionMapsStage(AttentionParams attention, AttentionMapParams maps, RunSettings run) : IStage
{
    // attention: the saved AttnAE II's shape and the epoch stride of the test rows.
    private const string Zoo = Table4.Zoo;

    public string Name => $"attention-maps-{Zoo}";
    public string Description => $"AttnAE II attention maps on {Zoo}: Figures 16, 17";
    public IReadOnlyList<string> Deps => [.. AttentionSetup.Deps(Zoo), Artifacts.Model(Zoo, Table4.AttnAe2Id)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var (data, layout, rows, _) = AttentionSetup.Load(context.Input, Zoo, attention, run.Seed, context.Log);
        var test = NoiseSweep.Subsample(rows.Test, maps.MaxTestRows);
        var spec = Table4.Models(AttentionSetup.Sizes(attention)).Single(m => m.Id == Table4.AttnAe2Id);
        using var model = spec.Load(layout, context.Input(Artifacts.Model(Zoo, spec.Id)));
        var metrics = AttentionMaps.Run((AttnAe2)model, data, test, maps.Bins, Zoo, run.Seed, Name).ToList();
        context.Log($"{test.Length} of {rows.Test.Length} test checkpoints, {maps.Bins} accuracy bins");
        foreach (var row in metrics.Where(r => r.Key.Metric != "attention" && r.Key.Metric != "correlation"))
            context.Log($"{row.Key.Table} {row.Key.Config} {row.Key.Metric}: {row.Value:F3}");
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}

/// <summary>Figures 16, 17: attention maps of the saved AttnAE II.</summary>
[ParamsSection("attention_maps")]
public sealed record AttentionMapParams(
    [property: Range(1, 1000)] int Bins,                         // accuracy bins Figure 17's correlation matrix is averaged over
    [property: Range(0, 100_000)] int MaxTestRows);              // test checkpoints correlated, evenly spaced (0 = all)
