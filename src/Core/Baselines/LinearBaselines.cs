using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Baselines;

/// <summary>
/// The two linear baselines the thesis tables are built from: ridge regression to test accuracy
/// and a multinomial logistic classifier of a hyper-parameter, from one input. Models are fitted
/// on the train models, the penalty is chosen on the validation models, and every reported number
/// is measured on the test models. Which inputs and targets each table uses is in
/// <c>Experiments/Table2.cs</c>, <c>Table5.cs</c> and <c>Table6.cs</c>.
/// </summary>
public static class LinearBaselines
{
    /// <summary>Ridge regression from <paramref name="x"/> to accuracy: test mse, r2 (and Kendall τ-b), and the chosen alpha.</summary>
    public static IEnumerable<MetricRow> Ridge(BaselineData data, BaselineOptions options, string table, string input, FeatureMatrix x, bool kendall)
    {
        var (train, validation, test) = Rows(data);
        var fit = RidgeRegression.SelectAlpha(x.SelectRows(train), Pick(data.Accuracy, train), x.SelectRows(validation), Pick(data.Accuracy, validation), [.. options.Alphas]);
        var predicted = fit.Model.Predict(x.SelectRows(test));
        var truth = Pick(data.Accuracy, test);
        yield return Row(data, options, table, "linreg", input, "mse", Scores.Mse(truth, predicted));
        yield return Row(data, options, table, "linreg", input, "r2", Scores.R2(truth, predicted));
        if (kendall) yield return Row(data, options, table, "linreg", input, "kendall", Scores.KendallTauB(truth, predicted));
        yield return Row(data, options, table, "linreg", input, "alpha", fit.Alpha) with { Split = "validation" };
    }

    /// <summary>
    /// Logistic classification of <paramref name="target"/> from <paramref name="x"/>: test macro F1 and the chosen C.
    /// Training rows are capped at <see cref="BaselineOptions.MaxTrainRows"/> (a seeded subsample).
    /// </summary>
    public static IEnumerable<MetricRow> Logistic(BaselineData data, BaselineOptions options, string table, string target, string input, FeatureMatrix x)
    {
        var (train, validation, test) = Rows(data);
        train = Subsample(train, options.MaxTrainRows, options.Seed);
        var labels = data.Classes[target];
        var classes = labels.Max() + 1;
        var fit = LogisticRegression.SelectC(x.SelectRows(train), Pick(labels, train), x.SelectRows(validation), Pick(labels, validation), [.. options.Cs], classes);
        var predicted = fit.Model.Predict(x.SelectRows(test));
        yield return new MetricRow(table, data.Dataset, target, "loglinear", input, "none", "", "f1",
            Scores.MacroF1(Pick(labels, test), predicted), "test", options.Seed, options.Stage);
        yield return new MetricRow(table, data.Dataset, target, "loglinear", input, "none", "", "c",
            fit.C, "validation", options.Seed, options.Stage);
    }

    /// <summary>A test-split accuracy row of <paramref name="table"/> without a config.</summary>
    public static MetricRow Row(BaselineData data, BaselineOptions options, string table, string method, string input, string metric, double value) =>
        new(table, data.Dataset, "accuracy", method, input, "none", "", metric, value, "test", options.Seed, options.Stage);

    /// <summary>The zoo rows of the train, validation and test models.</summary>
    public static (int[] Train, int[] Validation, int[] Test) Rows(BaselineData data) =>
        (data.Split.RowsOf(data.ModelIds, SplitPart.Train), data.Split.RowsOf(data.ModelIds, SplitPart.Validation), data.Split.RowsOf(data.ModelIds, SplitPart.Test));

    /// <summary>At most <paramref name="max"/> of <paramref name="rows"/> (0 = all), a seeded choice kept in row order.</summary>
    public static int[] Subsample(int[] rows, int max, int seed)
    {
        if (max <= 0 || rows.Length <= max) return rows;
        var copy = rows.ToArray();
        new Random(seed).Shuffle(copy);
        return copy[..max].Order().ToArray();
    }

    public static T[] Pick<T>(T[] values, int[] rows) => rows.Select(r => values[r]).ToArray();
}
