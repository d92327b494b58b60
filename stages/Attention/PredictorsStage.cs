using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Learned predictors on one zoo: Table 5's MLP and AttnEnc rows (accuracy) and, when the zoo
/// varies hyper-parameters, Table 6's (activation and init macro F1).
/// </summary>
[Stage(Order = 120)]
public sealed class PredictorsStage(string zoo, AttentionParams attention, RunSettings run) : IStage
{
    /// <summary>The tetris zoos.</summary>
    public static IEnumerable<string> Instances => TetrisZooStage.Zoos;

    public string Name => $"predictors-{zoo}";
    public string Description => $"MLP and AttnEnc predictors on {zoo}: Tables 5 and 6 (learned rows)";
    public IReadOnlyList<string> Deps => AttentionSetup.Deps(zoo);
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var (data, layout, rows, trainer) = AttentionSetup.Load(context.Input, zoo, attention, run.Seed, context.Log);
        var sizes = AttentionSetup.Sizes(attention);
        void Progress(string line) => context.Log($"  {line}");

        var metrics = new List<MetricRow>();
        foreach (var (table, results) in new[] { ("table5", Table5.Learned(data, layout, rows, trainer, sizes, Progress)), ("table6", Table6.Learned(data, layout, rows, trainer, sizes, Progress)) })
            foreach (var r in results)
            {
                context.Log($"{r.Target} <- {r.Spec.Method} on {r.Spec.Input} ({r.Spec.Augmentation}): {string.Join(", ", r.Scores.Select(s => $"{s.Key} {s.Value:F3}"))}; {r.Parameters} parameters, {r.Seconds:F0} s");
                metrics.AddRange(r.Rows(table, zoo, run.Seed, Name));
            }
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), metrics);
    }
}
