using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// The row that says how far Kendall's tau-b can go on a test set: targets such as test accuracy
/// on 10,000 images tie often (every diverged model sits at 0.1), and a regressor's tie-free
/// predictions cannot reach 1 then (see <see cref="Scores.KendallTauBCeiling"/>).
/// </summary>
public static class KendallCeiling
{
    public const string Method = "ceiling";
    public const string Input = "targets";
    public const string Config = "tie-free predictions";

    public static MetricRow Row(string table, string dataset, IReadOnlyList<double> testTargets, int seed, string stage) =>
        new(table, dataset, "accuracy", Method, Input, "none", Config, "kendall",
            Scores.KendallTauBCeiling(testTargets.ToArray()), "test", seed, stage);
}
