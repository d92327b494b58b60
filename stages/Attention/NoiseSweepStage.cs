using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Figures 18 and 19: reconstruction R² of every saved Table 4 auto-encoder under Gaussian noise
/// on the input and on the bottleneck, by SNR. A separate stage, so changing the SNR grid re-runs
/// only the sweep, never the training.
/// </summary>
[Stage(Order = 170)]
public sealed class NoiseSweepStage(AttentionParams attention, NoiseParams noise, RunSettings run) : IStage
{
    // attention: the saved models' shapes and the epoch stride of the test rows.
    private const string Zoo = Table4.Zoo;

    public string Name => $"noise-sweep-{Zoo}";
    public string Description => $"Reconstruction R² under Gaussian noise on {Zoo}: Figures 18, 19";
    public IReadOnlyList<string> Deps =>
        [.. AttentionSetup.Deps(Zoo), .. Table4.Models(AttentionSetup.Sizes(attention)).Select(m => Artifacts.Model(Zoo, m.Id))];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var (data, layout, rows, _) = AttentionSetup.Load(context.Input, Zoo, attention, run.Seed, context.Log);
        var test = NoiseSweep.Subsample(rows.Test, noise.MaxTestRows);
        context.Log($"{test.Length} of {rows.Test.Length} test checkpoints; SNRs {string.Join(", ", noise.SnrDb)} dB");
        var metrics = new List<MetricRow>();
        foreach (var spec in Table4.Models(AttentionSetup.Sizes(attention)))
        {
            using var model = spec.Load(layout, context.Input(Artifacts.Model(Zoo, spec.Id)));
            var points = NoiseSweep.Run(spec, (IWeightAutoEncoder)model, data, test, noise.SnrDb, Zoo, run.Seed, Name).ToList();
            foreach (var p in points.Where(p => p.Key.Table == "fig18")) context.Log($"{spec.Method} ({spec.Config}) {p.Key.Config[(spec.Config.Length + 1)..]}: R² {p.Value:F3}");
            metrics.AddRange(points);
        }
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}

/// <summary>Figures 18, 19: the noise sweep on the saved Table 4 auto-encoders.</summary>
[ParamsSection("noise")]
public sealed record NoiseParams(
    [property: MinLength(1), Range(-100.0, 200.0), DistinctItems] IReadOnlyList<double> SnrDb,         // test-time SNRs in dB, on the input and on the bottleneck
    [property: Range(0, 10_000_000)] int MaxTestRows);           // test checkpoints measured, evenly spaced (0 = all)
