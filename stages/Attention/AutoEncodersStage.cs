using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Table 4 (reconstruction R² of PCA, MLP AE, AttnAE I and AttnAE II) and Figure 15's data (R² per
/// checkpoint epoch) on tetris-seed. Every trained auto-encoder is kept among the outputs
/// (data/models/tetris-seed.&lt;id&gt;.bin) for the probes and the noise sweeps.
/// </summary>
[Stage(Order = 140)]
public sealed class AutoEncodersStage(AttentionParams attention, RunSettings run) : IStage
{
    private const string Zoo = Table4.Zoo;

    public string Name => $"autoencoders-{Zoo}";
    public string Description => $"Auto-encoders on {Zoo}: Table 4, Figure 15 data, the trained models";
    public IReadOnlyList<string> Deps => AttentionSetup.Deps(Zoo);
    public IReadOnlyList<string> Outs =>
        [.. Table4.Models(AttentionSetup.Sizes(attention)).Select(m => Artifacts.Model(Zoo, m.Id)), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var (data, layout, rows, trainer) = AttentionSetup.Load(context.Input, Zoo, attention, run.Seed, context.Log);
        var metrics = new List<MetricRow>();
        foreach (var spec in Table4.Models(AttentionSetup.Sizes(attention)))
        {
            context.Log($"{spec.Method} ({spec.Config}, {spec.Augmentation})");
            var (result, model) = AutoEncoderExperiment.Run(spec, data, layout, rows, trainer, line => context.Log($"  {line}"));
            context.Log($"{spec.Method} ({spec.Config}): test R² {result.TestR2:F3}, {result.Parameters} parameters, {result.Seconds:F0} s");
            metrics.AddRange(Table4.Rows(result, Zoo, run.Seed, Name));
            ModelFile.Save(model, context.Output(Artifacts.Model(Zoo, spec.Id)));
            model.Dispose();
        }
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}
