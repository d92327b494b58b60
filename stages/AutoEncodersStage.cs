using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>
/// Table 4 (reconstruction R² of PCA, MLP AE, AttnAE I and AttnAE II), Figure 15's data (R² per
/// checkpoint epoch) and Table 7 (probes from the AttnAE II bottleneck to accuracy) on one zoo.
/// The trained AttnAE II is kept among the outputs.
/// </summary>
public sealed class AutoEncodersStage(string zoo, AttentionParams attention, BaselineParams baselines, RunSettings run) : IStage
{
    public string Name => $"autoencoders-{zoo}";
    public string Description => $"Auto-encoders on {zoo}: Table 4, Figure 15 data, Table 7 probes";
    public IReadOnlyList<string> Deps => AttentionModels.Deps(zoo);
    public IReadOnlyList<string> Outs => [Artifacts.Model(zoo, "attnae2"), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var seed = run.Seed;
        var (data, layout, rows, trainer) = AttentionModels.Setup(context.Input, zoo, attention, seed, context.Log);

        var metrics = new List<MetricRow>();
        MetricRow Row(string table, string target, string method, string input, string augmentation, string config, string metric, double value, string split = "test") =>
            new(table, zoo, target, method, input, augmentation, config, metric, value, split, seed, Name);
        foreach (var spec in AttentionModels.Table4(attention))
        {
            context.Log($"{spec.Method} ({spec.Config}, {spec.Augmentation})");
            var (result, model) = AutoEncoderExperiment.Run(spec, data, layout, rows, trainer, AttentionModels.Latent, line => context.Log($"  {line}"));
            context.Log($"{spec.Method} ({spec.Config}): test R² {result.TestR2:F3}, {result.Parameters} parameters, {result.Seconds:F0} s");
            metrics.Add(Row("table4", "reconstruction", spec.Method, spec.Input, spec.Augmentation, spec.Config, "r2", result.TestR2));
            metrics.Add(Row("table4", "reconstruction", spec.Method, spec.Input, spec.Augmentation, spec.Config, "params", result.Parameters, "all"));
            foreach (var (epoch, r2) in result.PerEpoch)
                metrics.Add(Row("fig15", "reconstruction", spec.Method, spec.Input, spec.Augmentation, $"{spec.Config};epoch={epoch}", "r2", r2));

            if (model is AttnAe2 attnAe2)
            {
                attnAe2.save(context.Output(Artifacts.Model(zoo, "attnae2")));
                var probes = ProbeExperiment.Run(attnAe2, data, rows, baselines.RidgeAlphas, trainer, line => context.Log($"  probe {line}"));
                context.Log($"probes from the AttnAE II bottleneck: linear R² {probes["linreg"]:F3}, MLP R² {probes["mlp"]:F3}");
                metrics.Add(Row("table7", "accuracy", "linreg", "bottleneck", "permutation", "latent=20;from=attnae2", "r2", probes["linreg"]));
                metrics.Add(Row("table7", "accuracy", "mlp", "bottleneck", "permutation", "latent=20;from=attnae2;layers=3", "r2", probes["mlp"]));
            }
            model.Dispose();
        }
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}
