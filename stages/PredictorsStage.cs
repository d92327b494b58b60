using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>
/// Learned predictors on one zoo: Table 5's MLP and AttnEnc rows (accuracy) and, when the zoo
/// varies hyper-parameters, Table 6's (activation and init macro F1).
/// </summary>
public sealed class PredictorsStage(string zoo, AttentionParams attention, RunSettings run) : IStage
{
    public string Name => $"predictors-{zoo}";
    public string Description => $"MLP and AttnEnc predictors on {zoo}: Tables 5 and 6 (learned rows)";
    public IReadOnlyList<string> Deps => AttentionModels.Deps(zoo);
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var seed = run.Seed;
        var (data, layout, rows, trainer) = AttentionModels.Setup(context.Input, zoo, attention, seed, context.Log);

        var results = new List<PredictorResult>();
        foreach (var spec in AttentionModels.Predictors(attention, withLayerTokens: true))
            results.Add(Report(context, PredictorExperiment.Run(spec, "accuracy", data, layout, rows, trainer, null, 0, Progress(context))));
        foreach (var (target, column) in BaselinesStage.HyperParameters)
            if (data.Labels(column, out var levels) is { } labels)
                foreach (var spec in AttentionModels.Predictors(attention, withLayerTokens: false))
                    results.Add(Report(context, PredictorExperiment.Run(spec, target, data, layout, rows, trainer, labels, levels.Count, Progress(context))));

        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), results.SelectMany(r =>
            r.Scores.Select(s => new MetricRow(r.Target == "accuracy" ? "table5" : "table6", zoo, r.Target, r.Spec.Method, r.Spec.Input,
                r.Spec.Augmentation, r.Spec.Config, s.Key, s.Value, "test", seed, Name))
            .Append(new MetricRow(r.Target == "accuracy" ? "table5" : "table6", zoo, r.Target, r.Spec.Method, r.Spec.Input,
                r.Spec.Augmentation, r.Spec.Config, "params", r.Parameters, "all", seed, Name))).ToList());
    }

    private static Action<string> Progress(StageContext context) => line => context.Log($"  {line}");

    private static PredictorResult Report(StageContext context, PredictorResult r)
    {
        context.Log($"{r.Target} <- {r.Spec.Method} on {r.Spec.Input} ({r.Spec.Augmentation}): {string.Join(", ", r.Scores.Select(s => $"{s.Key} {s.Value:F3}"))}; {r.Parameters} parameters, {r.Seconds:F0} s");
        return r;
    }
}
