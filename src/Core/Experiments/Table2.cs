using WeightSpace.Core.Baselines;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 2 (thesis §4.1): on tetris-seed, each global weight statistic's Pearson and Spearman
/// correlation with test accuracy and a ridge regression from it alone, then one ridge regression
/// from all global statistics stacked ("stats-global"). Statistics come from the statistics stage
/// (params: statistics.set); the penalties from baselines.ridge_alphas.
/// </summary>
public static class Table2
{
    public const string Zoo = ZooNames.TetrisSeed;

    public static IEnumerable<MetricRow> Rows(BaselineData data, BaselineOptions options) => GlobalStatistics(data, options, "table2", kendall: false);

    /// <summary>The rows above under another table id, with Kendall's tau-b beside each R² when asked (Table 3 reuses them).</summary>
    public static IEnumerable<MetricRow> GlobalStatistics(BaselineData data, BaselineOptions options, string table, bool kendall)
    {
        var global = data.Inputs["stats-global"];
        var (_, _, test) = LinearBaselines.Rows(data);
        var testAccuracy = LinearBaselines.Pick(data.Accuracy, test);
        for (var c = 0; c < global.Columns; c++)
        {
            var name = global.Names[c];
            var stat = "stat:" + name[(name.IndexOf(':') + 1)..];
            var column = global.SelectColumns([c]);
            var values = Enumerable.Range(0, test.Length).Select(i => column[test[i], 0]).ToArray();
            yield return LinearBaselines.Row(data, options, table, "correlation", stat, "pearson", Scores.Pearson(values, testAccuracy));
            yield return LinearBaselines.Row(data, options, table, "correlation", stat, "spearman", Scores.Spearman(values, testAccuracy));
            foreach (var row in LinearBaselines.Ridge(data, options, table, stat, column, kendall)) yield return row;
        }
        foreach (var row in LinearBaselines.Ridge(data, options, table, "stats-global", global, kendall)) yield return row;
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 2.</summary>
        public static readonly ReportTable Spec = new("table2", 2, "Table 2 — correlation of global weight statistics with test accuracy, and linear regression from each (tetris-seed)")
        {
            Notes = "Statistics of each checkpoint's 100 weights: p0 and p100 are the minimum and the maximum, p25, p50 and p75 " +
                "percentiles interpolated linearly between the sorted weights (numpy's default). The thesis' Table 2 names the same " +
                "p0-p100, while its §4.2.1 text (and so the statistics behind Figures 9-10) names percentiles 1 and 99: with 100 " +
                "weights those lie within one order statistic of the minimum and the maximum. Correlations and regressions are on the test models' checkpoints. " +
                "Why p50 correlates with the opposite sign to the thesis': the correlation pools every epoch, and in our zoo a checkpoint's median " +
                "weight falls as training goes on while its accuracy rises, so the trend over training decides the sign; within the first epochs alone " +
                "it is positive. The fall is the hidden layer's (80 of the 100 weights): the output layer's mean cannot move, because under plain SGD " +
                "softmax cross-entropy's gradients sum to zero over the classes, so each hidden unit's four outgoing weights keep their sum. The thesis' " +
                "positive sign means its hidden weights drifted upwards instead, which another recipe (initialisation, learning rate, input coding) can " +
                "give; the thesis does not state enough of its recipe to check. " +
                "docs/report.md gives the per-epoch measurement.",
        };
    }
}
