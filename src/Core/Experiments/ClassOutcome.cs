using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// One classifier's predictions on the test checkpoints of a zoo, with what the report needs of
/// them: the Table 10 macro F1, Figure 20's recall of each class per checkpoint-epoch group, and
/// (for the epoch) Figure 22's confusion matrix.
/// </summary>
/// <param name="Epochs">The checkpoint epoch of each test row (Figure 20's groups).</param>
public sealed record ClassOutcome(ClassTarget Target, string Method, string Input, string Augmentation, string Config,
    int[] Truth, int[] Predicted, int[] Epochs, long Parameters)
{
    public double F1 => Scores.MacroF1(Truth, Predicted);

    private MetricRow Row(string table, string dataset, string config, string metric, double value, string split, int seed, string stage) =>
        new(table, dataset, Target.Name, Method, Input, Augmentation, config, metric, value, split, seed, stage);

    /// <summary>Table 10's f1 (and the parameter count of a network).</summary>
    public IEnumerable<MetricRow> TableRows(string table, string dataset, int seed, string stage)
    {
        yield return Row(table, dataset, Config, "f1", F1, "test", seed, stage);
        if (Parameters > 0) yield return Row(table, dataset, Config, "params", Parameters, "all", seed, stage);
    }

    /// <summary>Figure 20: the recall of each class within each checkpoint-epoch group, config "{target}={class};epoch={e}" (and the same as typed coordinates; a group without the class gives no row).</summary>
    public IEnumerable<MetricRow> RecallRows(string figure, string dataset, int seed, string stage)
    {
        foreach (var epoch in Epochs.Distinct().Order())
            for (var c = 0; c < Target.Levels.Count; c++)
            {
                int hits = 0, total = 0;
                for (var i = 0; i < Truth.Length; i++)
                    if (Epochs[i] == epoch && Truth[i] == c) { total++; if (Predicted[i] == c) hits++; }
                if (total > 0)
                    yield return Row(figure, dataset, $"{Target.Name}={Target.Levels[c]};epoch={epoch}", "recall", hits / (double)total, "test", seed, stage)
                        with { At = new(Class: Target.Levels[c], Epoch: epoch) };
            }
    }

    /// <summary>Figure 22's confusion matrix: the count of test rows of each (true, predicted) class, config "true={a};pred={b}" (class and predicted as typed coordinates), zero cells included.</summary>
    public IEnumerable<MetricRow> ConfusionRows(string figure, string dataset, int seed, string stage)
    {
        var k = Target.Levels.Count;
        var counts = new int[k, k];
        for (var i = 0; i < Truth.Length; i++) counts[Truth[i], Predicted[i]]++;
        for (var a = 0; a < k; a++)
            for (var b = 0; b < k; b++)
                yield return Row(figure, dataset, $"true={Target.Levels[a]};pred={Target.Levels[b]}", "count", counts[a, b], "test", seed, stage)
                    with { At = new(Class: Target.Levels[a], Predicted: Target.Levels[b]) };
    }
}
