using WeightSpace.Core.Learning;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Baselines;

/// <summary>
/// One zoo, ready for the linear baselines: per checkpoint its model, test accuracy, class labels
/// of its hyper-parameters, and the candidate inputs (weights and the three statistics scopes).
/// </summary>
/// <param name="Inputs">Input name as in the thesis tables (weights, stats-global, stats-layer, stats-neurongroup) -> features.</param>
/// <param name="Classes">Target name (activation, init) -> label per checkpoint; empty for a zoo with one configuration.</param>
public sealed record BaselineData(
    string Dataset,
    ModelSplit Split,
    int[] ModelIds,
    double[] Accuracy,
    IReadOnlyDictionary<string, FeatureMatrix> Inputs,
    IReadOnlyDictionary<string, int[]> Classes)
{
    /// <summary>
    /// The inputs of Tables 2, 5 and 6 from a zoo and its statistics (same checkpoints, same order):
    /// the flat weights, then the global, per-layer and per-neuronGroup statistics; a class label
    /// per checkpoint for each hyper-parameter (target, config column) the zoo varies.
    /// </summary>
    public static BaselineData Create(string dataset, ZooDataset zoo, FeatureMatrix statistics, IReadOnlyList<(string Target, string Column)> hyperParameters)
    {
        var classes = new Dictionary<string, int[]>();
        foreach (var (target, column) in hyperParameters)
            if (zoo.Labels(column, out _) is { } labels) classes[target] = labels;
        return new BaselineData(dataset, zoo.Split, zoo.ModelIds, zoo.Accuracy,
            new Dictionary<string, FeatureMatrix>
            {
                ["weights"] = FeatureMatrix.FromFloatRows(zoo.Weights, zoo.Parameters),
                ["stats-global"] = statistics.SelectColumns(n => n.StartsWith("global:", StringComparison.Ordinal)),
                ["stats-layer"] = statistics.SelectColumns(n => n.StartsWith("layer", StringComparison.Ordinal)),
                ["stats-neurongroup"] = statistics.SelectColumns(n => n.StartsWith("ng", StringComparison.Ordinal)),
            },
            classes);
    }
}
