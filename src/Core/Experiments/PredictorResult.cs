using WeightSpace.Core.Metrics;

namespace WeightSpace.Core.Experiments;

/// <summary>Test-split scores of one predictor: r2, mse and kendall for accuracy; f1 for classes.</summary>
public sealed record PredictorResult(PredictorSpec Spec, string Target, IReadOnlyDictionary<string, double> Scores, long Parameters, double Seconds)
{
    /// <summary>The metric rows of this result in <paramref name="table"/>: each test score, then the parameter count.</summary>
    public IEnumerable<MetricRow> Rows(string table, string dataset, int seed, string stage) =>
        Scores.Select(s => new MetricRow(table, dataset, Target, Spec.Method, Spec.Input, Spec.Augmentation, Spec.Config, s.Key, s.Value, "test", seed, stage))
            .Append(new MetricRow(table, dataset, Target, Spec.Method, Spec.Input, Spec.Augmentation, Spec.Config, "params", Parameters, "all", seed, stage));
}
