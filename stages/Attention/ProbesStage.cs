using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Table 7: probes from the bottleneck of the AttnAE II that autoencoders-tetris-seed trained and
/// saved, to test accuracy. A separate stage, so changing a probe setting refits only the probes.
/// </summary>
[Stage(Order = 160)]
public sealed class ProbesStage(AttentionParams attention, ProbeParams probes, RunSettings run) : IStage
{
    // attention: the saved AttnAE II's shape and the MLP probe's training budget.
    private const string Zoo = Table7.Zoo;

    public string Name => $"probes-{Zoo}";
    public string Description => $"Probes from the AttnAE II bottleneck to accuracy on {Zoo}: Table 7";
    public IReadOnlyList<string> Deps => [.. AttentionSetup.Deps(Zoo), Artifacts.Model(Zoo, Table4.AttnAe2Id)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var (data, layout, rows, trainer) = AttentionSetup.Load(context.Input, Zoo, attention, run.Seed, context.Log);
        var source = Table7.Source(AttentionSetup.Sizes(attention));
        using var model = source.Load(layout, context.Input(Artifacts.Model(Zoo, source.Id)));
        var metrics = Table7.Run((IWeightEncoder)model, source, data, rows, probes.RidgeAlphas, trainer, Zoo, run.Seed, Name,
            line => context.Log($"  probe {line}"));
        foreach (var row in metrics) context.Log($"probe {row.Key.Method} from the {source.Method} bottleneck: test R² {row.Value:F3}");
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}

/// <summary>Table 7's probes on the saved AttnAE II bottleneck (the MLP probe trains with the attention budget).</summary>
[ParamsSection("probes")]
public sealed record ProbeParams(
    [property: MinLength(1), Range(0.0, 1e12), DistinctItems] IReadOnlyList<double> RidgeAlphas); // linear probe penalties tried on the validation models
