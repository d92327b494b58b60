using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class RegressionTests
{
    private static (FeatureMatrix X, double[] Y) RandomLinearData(int seed, int n, int p, double noise)
    {
        var rng = new Random(seed);
        var data = new double[n * p];
        var y = new double[n];
        var beta = Enumerable.Range(0, p).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        for (var i = 0; i < n; i++)
        {
            y[i] = 0.7;
            for (var j = 0; j < p; j++)
            {
                // Columns on different scales and offsets, so standardisation matters.
                data[i * p + j] = (rng.NextDouble() - 0.3) * (j + 1) * 3 + j;
                y[i] += beta[j] * data[i * p + j];
            }
            y[i] += noise * (rng.NextDouble() - 0.5);
        }
        return (new FeatureMatrix(data, n, p), y);
    }

    /// <summary>Ordinary least squares with intercept: Gaussian elimination with partial pivoting on [1 X]'[1 X] b = [1 X]'y.</summary>
    private static double[] LeastSquaresReference(FeatureMatrix x, double[] y)
    {
        var m = x.Columns + 1;
        var a = new double[m, m + 1];
        for (var r = 0; r < x.Rows; r++)
        {
            var row = new double[m];
            row[0] = 1;
            for (var j = 0; j < x.Columns; j++) row[j + 1] = x[r, j];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++) a[i, j] += row[i] * row[j];
                a[i, m] += row[i] * y[r];
            }
        }
        for (var col = 0; col < m; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < m; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (var c = 0; c <= m; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (var r = col + 1; r < m; r++)
            {
                var factor = a[r, col] / a[col, col];
                for (var c = col; c <= m; c++) a[r, c] -= factor * a[col, c];
            }
        }
        var b = new double[m];
        for (var i = m - 1; i >= 0; i--)
        {
            var s = a[i, m];
            for (var j = i + 1; j < m; j++) s -= a[i, j] * b[j];
            b[i] = s / a[i, i];
        }
        return b;
    }

    [Fact]
    public void Ridge_without_penalty_equals_ordinary_least_squares()
    {
        var (x, y) = RandomLinearData(seed: 11, n: 5000, p: 7, noise: 1.0);
        var model = RidgeRegression.Fit(x, y, alpha: 0);
        var reference = LeastSquaresReference(x, y);

        Assert.Equal(reference[0], model.RawIntercept, 1e-6);
        AssertClose.All(reference[1..], model.RawCoefficients.ToArray(), 1e-6);
    }

    [Fact]
    public void Ridge_shrinks_coefficients_as_alpha_grows()
    {
        var (x, y) = RandomLinearData(seed: 12, n: 400, p: 6, noise: 2.0);
        double Norm(RidgeRegression m) => Math.Sqrt(m.Coefficients.Sum(c => c * c));
        var norms = new[] { 0.0, 10, 1e3, 1e7 }.Select(a => Norm(RidgeRegression.Fit(x, y, a))).ToArray();

        for (var i = 1; i < norms.Length; i++) Assert.True(norms[i] < norms[i - 1], $"norm {norms[i]} at step {i} did not shrink from {norms[i - 1]}");
        Assert.True(norms[^1] < 1e-3 * norms[0]);
        // The intercept is not penalised: a fully shrunk model predicts the training mean.
        Assert.Equal(y.Average(), RidgeRegression.Fit(x, y, 1e12).Intercept, 1e-9);
    }

    [Fact]
    public void Ridge_gives_a_constant_column_a_zero_coefficient()
    {
        var (x, y) = RandomLinearData(seed: 13, n: 300, p: 3, noise: 0.1);
        var withConstant = FeatureMatrix.ConcatColumns(x, new FeatureMatrix(Enumerable.Repeat(5.0, 300).ToArray(), 300, 1));
        var model = RidgeRegression.Fit(withConstant, y, alpha: 0);

        Assert.Equal(0, model.Coefficients[3]);
        Assert.True(Scores.R2(y, model.Predict(withConstant)) > 0.99);
    }

    [Fact]
    public void Select_alpha_returns_the_train_fit_with_the_lowest_validation_error()
    {
        var (x, y) = RandomLinearData(seed: 14, n: 600, p: 20, noise: 30);
        var train = Enumerable.Range(0, 60).ToArray();
        var val = Enumerable.Range(60, 540).ToArray();
        double[] alphas = [0, 1, 10, 100, 1000];

        var selection = RidgeRegression.SelectAlpha(x.SelectRows(train), train.Select(i => y[i]).ToArray(),
            x.SelectRows(val), val.Select(i => y[i]).ToArray(), alphas);

        var best = selection.ValidationMse.MinBy(s => s.Score)!;
        Assert.Equal(best.Parameter, selection.Alpha);
        Assert.Equal(alphas.Length, selection.ValidationMse.Count);
        var refit = RidgeRegression.Fit(x.SelectRows(train), train.Select(i => y[i]).ToArray(), selection.Alpha);
        Assert.Equal(refit.RawCoefficients, selection.Model.RawCoefficients);
    }

    [Fact]
    public void Standardizer_centres_and_scales_and_maps_a_constant_column_to_zero()
    {
        var x = new FeatureMatrix([1, 7, 3, 7, 5, 7], rows: 3, columns: 2);
        var s = Standardizer.Fit(x);
        var z = s.Transform(x);

        Assert.Equal([3.0, 7.0], s.Means);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.Scales[0], 1e-14);
        Assert.True(s.IsConstant(1));
        AssertClose.All([-2 / Math.Sqrt(8.0 / 3), 0, 0, 0, 2 / Math.Sqrt(8.0 / 3), 0], z.Data, 1e-14);
    }

    [Fact]
    public void Standardizer_names_a_non_finite_feature()
    {
        var x = new FeatureMatrix([1, 2, double.NaN, 4], rows: 2, columns: 2, names: ["a", "layer0:mean"]);
        var e = Assert.Throws<ArgumentException>(() => Standardizer.Fit(x));
        Assert.Contains("'a'", e.Message);
        Assert.Contains("row 1", e.Message);
    }
}
