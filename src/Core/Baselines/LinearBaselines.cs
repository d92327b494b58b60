using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
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
    IReadOnlyDictionary<string, int[]> Classes);

/// <summary>Regularization grids and bookkeeping for the baselines.</summary>
/// <param name="Alphas">Ridge penalties tried; the best on the validation models is kept.</param>
/// <param name="Cs">Inverse penalties of the logistic classifier tried on validation macro F1.</param>
/// <param name="MaxTrainRows">Cap on training checkpoints for the classifiers (a seeded subsample); 0 = all.</param>
public sealed record BaselineOptions(IReadOnlyList<double> Alphas, IReadOnlyList<double> Cs, int MaxTrainRows, int Seed, string Stage);

/// <summary>
/// The statistics and weights baselines of the thesis: correlations (Table 2), ridge regression to
/// test accuracy (Tables 2 and 5) and a multinomial logistic classifier of hyper-parameters
/// (Table 6). Models are fitted on the train models, the penalty is chosen on the validation
/// models, and every reported number is measured on the test models.
/// </summary>
public static class LinearBaselines
{
    /// <summary>Table 2: each global statistic alone, then all stacked.</summary>
    public static IEnumerable<MetricRow> Table2(BaselineData data, BaselineOptions options) => GlobalStatistics(data, options, "table2", kendall: false);

    /// <summary>
    /// Each global statistic against test accuracy: Pearson, Spearman and a one-feature ridge
    /// regression (mse, r2 and, with <paramref name="kendall"/>, Kendall's tau-b), then all stacked.
    /// </summary>
    public static IEnumerable<MetricRow> GlobalStatistics(BaselineData data, BaselineOptions options, string table, bool kendall)
    {
        var global = data.Inputs["stats-global"];
        var (train, validation, test) = Rows(data);
        var testAccuracy = Pick(data.Accuracy, test);
        for (var c = 0; c < global.Columns; c++)
        {
            var name = global.Names[c];
            var stat = "stat:" + name[(name.IndexOf(':') + 1)..];
            var column = global.SelectColumns([c]);
            var values = Enumerable.Range(0, test.Length).Select(i => column[test[i], 0]).ToArray();
            yield return Row(data, options, table, "correlation", stat, "pearson", Scores.Pearson(values, testAccuracy));
            yield return Row(data, options, table, "correlation", stat, "spearman", Scores.Spearman(values, testAccuracy));
            foreach (var row in Regression(data, options, table, stat, column, train, validation, test, kendall)) yield return row;
        }
        foreach (var row in Regression(data, options, table, "stats-global", global, train, validation, test, kendall)) yield return row;
    }

    /// <summary>Table 5 (statistics rows): ridge regression to accuracy from each input.</summary>
    public static IEnumerable<MetricRow> Table5(BaselineData data, BaselineOptions options)
    {
        var (train, validation, test) = Rows(data);
        foreach (var (input, x) in data.Inputs)
            foreach (var row in Regression(data, options, "table5", input, x, train, validation, test, kendall: true))
                yield return row;
    }

    /// <summary>Table 6 (statistics rows): logistic classification of each hyper-parameter from each input.</summary>
    public static IEnumerable<MetricRow> Table6(BaselineData data, BaselineOptions options)
    {
        var (train, validation, test) = Rows(data);
        train = Subsample(train, options.MaxTrainRows, options.Seed);
        foreach (var (target, labels) in data.Classes)
            foreach (var (input, x) in data.Inputs)
            {
                var classes = labels.Max() + 1;
                var fit = LogisticRegression.SelectC(x.SelectRows(train), Pick(labels, train), x.SelectRows(validation), Pick(labels, validation), [.. options.Cs], classes);
                var predicted = fit.Model.Predict(x.SelectRows(test));
                yield return new MetricRow("table6", data.Dataset, target, "loglinear", input, "none", "", "f1",
                    Scores.MacroF1(Pick(labels, test), predicted), "test", options.Seed, options.Stage);
                yield return new MetricRow("table6", data.Dataset, target, "loglinear", input, "none", "", "c",
                    fit.C, "validation", options.Seed, options.Stage);
            }
    }

    private static IEnumerable<MetricRow> Regression(BaselineData data, BaselineOptions options, string table, string input, FeatureMatrix x,
        int[] train, int[] validation, int[] test, bool kendall)
    {
        var fit = RidgeRegression.SelectAlpha(x.SelectRows(train), Pick(data.Accuracy, train), x.SelectRows(validation), Pick(data.Accuracy, validation), [.. options.Alphas]);
        var predicted = fit.Model.Predict(x.SelectRows(test));
        var truth = Pick(data.Accuracy, test);
        yield return Row(data, options, table, "linreg", input, "mse", Scores.Mse(truth, predicted));
        yield return Row(data, options, table, "linreg", input, "r2", Scores.R2(truth, predicted));
        if (kendall) yield return Row(data, options, table, "linreg", input, "kendall", Scores.KendallTauB(truth, predicted));
        yield return Row(data, options, table, "linreg", input, "alpha", fit.Alpha) with { Split = "validation" };
    }

    private static MetricRow Row(BaselineData data, BaselineOptions options, string table, string method, string input, string metric, double value) =>
        new(table, data.Dataset, "accuracy", method, input, "none", "", metric, value, "test", options.Seed, options.Stage);

    private static (int[] Train, int[] Validation, int[] Test) Rows(BaselineData data) =>
        (data.Split.RowsOf(data.ModelIds, SplitPart.Train), data.Split.RowsOf(data.ModelIds, SplitPart.Validation), data.Split.RowsOf(data.ModelIds, SplitPart.Test));

    private static int[] Subsample(int[] rows, int max, int seed)
    {
        if (max <= 0 || rows.Length <= max) return rows;
        var copy = rows.ToArray();
        new Random(seed).Shuffle(copy);
        return copy[..max].Order().ToArray();
    }

    private static T[] Pick<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
