
namespace WeightSpace.Core.Learning;

/// <summary>
/// Linear least squares with an L2 penalty, on standardised features:
/// minimise ||y - b0 - Z b||^2 + alpha ||b||^2 (sum, not mean, as scikit-learn's Ridge), with the
/// intercept b0 not penalised. Solved in closed form from the normal equations by Cholesky in
/// double precision. Constant training columns get coefficient 0. With alpha = 0 this is ordinary
/// least squares.
/// </summary>
public sealed class RidgeRegression
{
    // Rows per block of the Gram matrix accumulation: fixed, so sums do not depend on thread count.
    private const int BlockRows = 2048;

    private RidgeRegression(double alpha, Standardizer standardizer, double[] coefficients, double intercept)
    {
        Alpha = alpha;
        Standardizer = standardizer;
        Coefficients = coefficients;
        Intercept = intercept;
        var raw = new double[coefficients.Length];
        var rawIntercept = intercept;
        for (var j = 0; j < raw.Length; j++)
        {
            raw[j] = coefficients[j] / standardizer.Scales[j];
            rawIntercept -= raw[j] * standardizer.Means[j];
        }
        RawCoefficients = raw;
        RawIntercept = rawIntercept;
    }

    public double Alpha { get; }
    public Standardizer Standardizer { get; }
    /// <summary>Coefficients on the standardised features.</summary>
    public IReadOnlyList<double> Coefficients { get; }
    /// <summary>Intercept on the standardised features (the training mean of y).</summary>
    public double Intercept { get; }
    /// <summary>The same model expressed on the raw features: y = RawIntercept + x . RawCoefficients.</summary>
    public IReadOnlyList<double> RawCoefficients { get; }
    public double RawIntercept { get; }

    public static RidgeRegression Fit(FeatureMatrix x, ReadOnlySpan<double> y, double alpha)
    {
        CheckAlpha(alpha);
        var system = NormalEquations.Build(x, y);
        return system.Solve(alpha);
    }

    /// <summary>
    /// Fits one model per alpha on the training set, scores each by mean squared error on the
    /// validation set, and returns the model with the lowest validation MSE (the first such alpha
    /// in list order on ties). The returned model is fitted on the training set only; the
    /// validation set is used for the choice, never for the coefficients. The normal equations are
    /// built once and solved per alpha.
    /// </summary>
    public static RidgeSelection SelectAlpha(FeatureMatrix trainX, ReadOnlySpan<double> trainY,
        FeatureMatrix valX, ReadOnlySpan<double> valY, IReadOnlyList<double> alphas)
    {
        if (alphas.Count == 0) throw new ArgumentException("no alpha to choose from", nameof(alphas));
        foreach (var a in alphas) CheckAlpha(a);
        var system = NormalEquations.Build(trainX, trainY);
        var scores = new List<ParameterScore>();
        RidgeRegression? best = null;
        var bestMse = double.PositiveInfinity;
        foreach (var alpha in alphas)
        {
            var model = system.Solve(alpha);
            var mse = Scores.Mse(valY, model.Predict(valX));
            scores.Add(new ParameterScore(alpha, mse));
            if (best is null || mse < bestMse)
            {
                best = model;
                bestMse = mse;
            }
        }
        return new RidgeSelection(best!, best!.Alpha, scores);
    }

    public double[] Predict(FeatureMatrix x)
    {
        if (x.Columns != Coefficients.Count)
            throw new ArgumentException($"model was fitted on {Coefficients.Count} features, got {x.Columns}", nameof(x));
        var raw = (double[])RawCoefficients;
        var result = new double[x.Rows];
        for (var r = 0; r < x.Rows; r++) result[r] = RawIntercept + VectorMath.Dot(x.Row(r), raw);
        return result;
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "ridge alpha must be a finite number >= 0");
    }

    /// <summary>Z'Z and Z'(y - mean y) over the non-constant standardised columns.</summary>
    private sealed class NormalEquations
    {
        private Standardizer _standardizer = null!;
        private int[] _active = [];
        private double[] _gram = [];
        private double[] _zty = [];
        private double _yMean;

        public static NormalEquations Build(FeatureMatrix x, ReadOnlySpan<double> y)
        {
            if (y.Length != x.Rows) throw new ArgumentException($"{x.Rows} feature rows but {y.Length} targets");
            if (x.Rows == 0) throw new ArgumentException("cannot fit on zero rows", nameof(x));
            var yMean = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                if (!double.IsFinite(y[i])) throw new ArgumentException($"target is {y[i]} at row {i}", nameof(y));
                yMean += y[i];
            }
            yMean /= y.Length;
            var yc = new double[y.Length];
            for (var i = 0; i < y.Length; i++) yc[i] = y[i] - yMean;

            var standardizer = Standardizer.Fit(x);
            var active = Enumerable.Range(0, x.Columns).Where(j => !standardizer.IsConstant(j)).ToArray();
            var p = active.Length;
            var blocks = (x.Rows + BlockRows - 1) / BlockRows;
            var partialGram = new double[blocks][];
            var partialZty = new double[blocks][];
            Parallel.For(0, blocks, b =>
            {
                var gram = new double[p * p];
                var zty = new double[p];
                var full = new double[x.Columns];
                var z = new double[p];
                var end = Math.Min(x.Rows, (b + 1) * BlockRows);
                for (var r = b * BlockRows; r < end; r++)
                {
                    standardizer.TransformRow(x.Row(r), full);
                    for (var k = 0; k < p; k++) z[k] = full[active[k]];
                    // Lower triangle of the outer product z z': row i gets z_i * z[0..i].
                    for (var i = 0; i < p; i++)
                    {
                        if (z[i] != 0) VectorMath.Axpy(z[i], z.AsSpan(0, i + 1), gram.AsSpan(i * p, i + 1));
                    }
                    VectorMath.Axpy(yc[r], z, zty);
                }
                partialGram[b] = gram;
                partialZty[b] = zty;
            });
            // Sum the blocks in order: deterministic regardless of scheduling.
            var total = partialGram[0];
            var totalZty = partialZty[0];
            for (var b = 1; b < blocks; b++)
            {
                VectorMath.Axpy(1, partialGram[b], total);
                VectorMath.Axpy(1, partialZty[b], totalZty);
            }
            for (var i = 0; i < p; i++)
                for (var j = 0; j < i; j++) total[j * p + i] = total[i * p + j];
            return new NormalEquations { _standardizer = standardizer, _active = active, _gram = total, _zty = totalZty, _yMean = yMean };
        }

        public RidgeRegression Solve(double alpha)
        {
            var p = _active.Length;
            var a = (double[])_gram.Clone();
            for (var i = 0; i < p; i++) a[i * p + i] += alpha;
            var b = p == 0 ? [] : VectorMath.SolveSpd(a, _zty, p);
            var coefficients = new double[_standardizer.Columns];
            for (var k = 0; k < p; k++) coefficients[_active[k]] = b[k];
            return new RidgeRegression(alpha, _standardizer, coefficients, _yMean);
        }
    }
}
