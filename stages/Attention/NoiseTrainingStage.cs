using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Figures 18 and 19 as the thesis made them, and Figure 15's right panel: Table 4's AttnAE II trained
/// without noise, with noise on its input and with noise on its bottleneck (same trainer, data and seed as
/// autoencoders-tetris-seed), each swept with test-time noise on the input and on the bottleneck (Figure
/// 18) and measured per checkpoint epoch at one SNR on the bottleneck (Figure 19, every checkpoint epoch).
/// </summary>
[Stage(Order = 175)]
public sealed class NoiseTrainingStage(AttentionParams attention, NoiseParams noise, NoiseTrainingParams training, RunSettings run) : IStage
{
    // attention: the model's shape, the trainer and the epoch stride of the train, validation and Figure 18 test rows.
    // noise: Figure 18's test-time SNR grid and its test-row cap, as the test-time-only sweep uses them.
    private const string Zoo = Table4.Zoo;

    public string Name => $"noise-training-{Zoo}";
    public string Description => $"AttnAE II trained with noise on {Zoo}: Figures 18, 19 and 15 (right)";
    public IReadOnlyList<string> Deps => AttentionSetup.Deps(Zoo);
    public IReadOnlyList<string> Outs =>
        [.. NoiseTraining.Variants(training.TrainSnrDb).Select(v => Artifacts.Model(Zoo, v.Id)), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var (data, layout, rows, trainer) = AttentionSetup.Load(context.Input, Zoo, attention, run.Seed, context.Log);
        var spec = Table4.Models(AttentionSetup.Sizes(attention)).Single(m => m.Id == Table4.AttnAe2Id);
        var sweepRows = NoiseSweep.Subsample(rows.Test, noise.MaxTestRows);
        var groupRows = NoiseSweep.Subsample(ExperimentRows.Of(data, 1).Test, training.MaxGroupRows); // every checkpoint epoch
        context.Log($"Figure 18: {sweepRows.Length} test checkpoints, SNRs {string.Join(", ", noise.SnrDb)} dB; " +
            $"Figure 19: {groupRows.Length} test checkpoints of {groupRows.Select(r => data.Epochs[r]).Distinct().Count()} epochs at {training.GroupSnrDb} dB");
        var metrics = new List<MetricRow>();
        foreach (var variant in NoiseTraining.Variants(training.TrainSnrDb))
        {
            context.Log($"AttnAE II ({spec.Config}), {variant.Augmentation}");
            var (result, model) = AutoEncoderExperiment.Run(spec, data, layout, rows, variant.Trainer(trainer), line => context.Log($"  {line}"));
            using (model)
            {
                context.Log($"{variant.Augmentation}: test R² {result.TestR2:F3} without test-time noise, {result.Seconds:F0} s");
                var autoEncoder = (IWeightAutoEncoder)model;
                var sweep = NoiseSweep.Run(spec, autoEncoder, data, sweepRows, noise.SnrDb, Zoo, run.Seed, Name).Where(r => r.Key.Table == "fig18").ToList();
                foreach (var p in sweep) context.Log($"  {p.Key.Config[(spec.Config.Length + 1)..]}: R² {p.Value:F3}");
                var groups = NoiseSweep.Run(spec, autoEncoder, data, groupRows, [training.GroupSnrDb], Zoo, run.Seed, Name)
                    .Where(r => r.Key.Table == "fig19" && r.At.Noise == "bottleneck");
                metrics.AddRange(NoiseTraining.Label(sweep.Concat(groups), variant));
                if (variant.Noise == "none" && result.Training is { } history)
                    metrics.AddRange(NoiseTraining.Convergence(history, data.WeightsOf(rows.Validation), data.Parameters, spec.Config, Zoo, run.Seed, Name));
                ModelFile.Save(model, context.Output(Artifacts.Model(Zoo, variant.Id)));
            }
        }
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}

/// <summary>Figures 18 and 19 as the thesis made them: AttnAE II trained with noise.</summary>
[ParamsSection("noise_training")]
public sealed record NoiseTrainingParams(
    [property: Range(-100.0, 200.0)] double TrainSnrDb,          // SNR in dB of the training noise on the input or the bottleneck (thesis: 10)
    [property: Range(-100.0, 200.0)] double GroupSnrDb,          // test-time SNR on the bottleneck of Figure 19's per-epoch R² (thesis: 10)
    [property: Range(0, 10_000_000)] int MaxGroupRows);          // test checkpoints of Figure 19, evenly spaced over every checkpoint epoch (0 = all)
