using WeightSpace.Core.Baselines;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 3: on a CNN zoo, each global statistic of the weights against test accuracy (Pearson,
/// Spearman, one-feature linear regression with Kendall's tau-b beside its R²), all seven stacked,
/// and the tau-b ceiling of the test set. Inputs are <c>stats-global</c> of the statistics stage.
/// </summary>
public static class Table3
{
    public const string Table = "table3";

    public static IEnumerable<MetricRow> Rows(BaselineData data, BaselineOptions options)
    {
        foreach (var row in Table2.GlobalStatistics(data, options, Table, kendall: true)) yield return row;
        var test = data.Split.RowsOf(data.ModelIds, Zoo.SplitPart.Test);
        yield return KendallCeiling.Row(Table, data.Dataset, test.Select(r => data.Accuracy[r]).ToArray(), options.Seed, options.Stage);
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 3.</summary>
        public static readonly ReportTable Spec = new(Table, 3, "Table 3 — the same statistics against accuracy on the Small CNN Zoo");
    }
}
