
namespace WeightSpace.Core.Learning;

/// <summary>
/// Multinomial (softmax) logistic regression with an L2 penalty on the weights (not the
/// intercepts), on standardised features. Minimises, as scikit-learn does,
/// 0.5 ||W||^2 + C * sum_i cross_entropy_i, here divided by C * n for a well-scaled objective.
/// Optimised full-batch by L-BFGS with Armijo backtracking from zero weights: no randomness, and
/// the data are summed in fixed blocks in a fixed order, so a fit repeats bit for bit.
/// </summary>
public sealed class LogisticRegression
{
    private const int BlockRows = 4096;

    // Per class k: weights at [k*(p+1), k*(p+1)+p), intercept at k*(p+1)+p.
    private readonly double[] _theta;

    private LogisticRegression(double c, int classCount, Standardizer standardizer, double[] theta)
    {
        C = c;
        ClassCount = classCount;
        Standardizer = standardizer;
        _theta = theta;
    }

    /// <summary>Inverse regularisation strength (larger C = weaker penalty).</summary>
    public double C { get; }
    public int ClassCount { get; }
    public Standardizer Standardizer { get; }

    private int Features => Standardizer.Columns;

    /// <summary>Weight of standardised feature <paramref name="feature"/> in the logit of class <paramref name="cls"/>.</summary>
    public double Weight(int cls, int feature) => _theta[cls * (Features + 1) + feature];

    /// <param name="y">Class labels 0..K-1.</param>
    /// <param name="classCount">K; by default the largest label + 1.</param>
    public static LogisticRegression Fit(FeatureMatrix x, ReadOnlySpan<int> y, double c, int? classCount = null, LogisticOptions? options = null)
    {
        CheckC(c);
        var k = CheckData(x, y, classCount);
        var standardizer = Standardizer.Fit(x);
        return FitStandardized(standardizer.Transform(x), y.ToArray(), c, k, standardizer, options);
    }

    /// <summary>
    /// Fits one model per C on the training set, scores each by macro F1 on the validation set, and
    /// returns the model with the highest validation macro F1 (the first such C in list order on
    /// ties). The returned model is fitted on the training set only.
    /// </summary>
    public static LogisticSelection SelectC(FeatureMatrix trainX, ReadOnlySpan<int> trainY, FeatureMatrix valX, ReadOnlySpan<int> valY,
        IReadOnlyList<double> cs, int? classCount = null, LogisticOptions? options = null)
    {
        if (cs.Count == 0) throw new ArgumentException("no C to choose from", nameof(cs));
        classCount ??= Math.Max(MaxOf(trainY), MaxOf(valY)) + 1;
        var scores = new List<ParameterScore>();
        LogisticRegression? best = null;
        var bestF1 = double.NegativeInfinity;
        // The standardizer and the standardised training rows do not depend on C: built once, on
        // the first C (after its check, so errors come in the same order as from Fit).
        Standardizer? standardizer = null;
        FeatureMatrix? standardized = null;
        int[] labels = [];
        foreach (var c in cs)
        {
            CheckC(c);
            if (standardizer is null)
            {
                CheckData(trainX, trainY, classCount);
                standardizer = Standardizer.Fit(trainX);
                standardized = standardizer.Transform(trainX);
                labels = trainY.ToArray();
            }
            var model = FitStandardized(standardized!, labels, c, classCount.Value, standardizer, options);
            var f1 = Scores.MacroF1(valY, model.Predict(valX));
            scores.Add(new ParameterScore(c, f1));
            if (best is null || f1 > bestF1)
            {
                best = model;
                bestF1 = f1;
            }
        }
        return new LogisticSelection(best!, best!.C, scores);
    }

    private static void CheckC(double c)
    {
        if (!(c > 0) || double.IsInfinity(c)) throw new ArgumentOutOfRangeException(nameof(c), c, "C must be a finite number > 0");
    }

    /// <summary>Checks rows and labels; returns the class count K (by default the largest label + 1).</summary>
    private static int CheckData(FeatureMatrix x, ReadOnlySpan<int> y, int? classCount)
    {
        if (y.Length != x.Rows) throw new ArgumentException($"{x.Rows} feature rows but {y.Length} labels");
        if (x.Rows == 0) throw new ArgumentException("cannot fit on zero rows", nameof(x));
        var k = classCount ?? (MaxOf(y) + 1);
        if (k < 2) throw new ArgumentException($"classification needs at least 2 classes, got {k}", nameof(classCount));
        for (var i = 0; i < y.Length; i++)
            if ((uint)y[i] >= (uint)k) throw new ArgumentException($"label {y[i]} at row {i} is outside 0..{k - 1}", nameof(y));
        return k;
    }

    /// <param name="z">The training features already standardised by <paramref name="standardizer"/>.</param>
    private static LogisticRegression FitStandardized(FeatureMatrix z, int[] y, double c, int k, Standardizer standardizer, LogisticOptions? options)
    {
        var objective = new LossFunction(z, y, k, c);
        var theta = new double[k * (z.Columns + 1)];
        Lbfgs.Minimize(objective.Evaluate, theta, options ?? LogisticOptions.Default);
        return new LogisticRegression(c, k, standardizer, theta);
    }

    /// <summary>Class probabilities, n x K row-major.</summary>
    public double[] PredictProba(FeatureMatrix x)
    {
        CheckColumns(x);
        var k = ClassCount;
        var result = new double[x.Rows * k];
        var z = new double[Features];
        for (var r = 0; r < x.Rows; r++)
        {
            Standardizer.TransformRow(x.Row(r), z);
            var logits = result.AsSpan(r * k, k);
            var lse = Logits(_theta, z, logits);
            for (var c = 0; c < k; c++) logits[c] = Math.Exp(logits[c] - lse);
        }
        return result;
    }

    /// <summary>The most probable class per row (the lowest label on exact ties).</summary>
    public int[] Predict(FeatureMatrix x)
    {
        CheckColumns(x);
        var k = ClassCount;
        var result = new int[x.Rows];
        var z = new double[Features];
        var logits = new double[k];
        for (var r = 0; r < x.Rows; r++)
        {
            Standardizer.TransformRow(x.Row(r), z);
            Logits(_theta, z, logits);
            var best = 0;
            for (var c = 1; c < k; c++) if (logits[c] > logits[best]) best = c;
            result[r] = best;
        }
        return result;
    }

    private void CheckColumns(FeatureMatrix x)
    {
        if (x.Columns != Features) throw new ArgumentException($"model was fitted on {Features} features, got {x.Columns}", nameof(x));
    }

    /// <summary>Fills the logits of standardised row z; returns their log-sum-exp.</summary>
    private static double Logits(ReadOnlySpan<double> theta, ReadOnlySpan<double> z, Span<double> logits)
    {
        var p = z.Length;
        var max = double.NegativeInfinity;
        for (var c = 0; c < logits.Length; c++)
        {
            var w = theta.Slice(c * (p + 1), p + 1);
            logits[c] = w[p] + VectorMath.Dot(w[..p], z);
            max = Math.Max(max, logits[c]);
        }
        var sum = 0.0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return max + Math.Log(sum);
    }

    private static int MaxOf(ReadOnlySpan<int> y)
    {
        var max = 0;
        foreach (var v in y) max = Math.Max(max, v);
        return max;
    }

    /// <summary>Mean cross-entropy plus the L2 penalty, and its gradient, on standardised rows <paramref name="z"/>.</summary>
    private sealed class LossFunction(FeatureMatrix z, int[] y, int classCount, double c)
    {
        public double Evaluate(double[] theta, double[] gradient)
        {
            var p = z.Columns;
            var n = z.Rows;
            var blocks = (n + BlockRows - 1) / BlockRows;
            var losses = new double[blocks];
            var grads = new double[blocks][];
            Parallel.For(0, blocks, b =>
            {
                var g = new double[theta.Length];
                var logits = new double[classCount];
                var loss = 0.0;
                var end = Math.Min(n, (b + 1) * BlockRows);
                for (var r = b * BlockRows; r < end; r++)
                {
                    var row = z.Row(r);
                    var lse = Logits(theta, row, logits);
                    loss += lse - logits[y[r]];
                    for (var k = 0; k < classCount; k++)
                    {
                        var residual = Math.Exp(logits[k] - lse) - (k == y[r] ? 1 : 0);
                        var gk = g.AsSpan(k * (p + 1), p + 1);
                        VectorMath.Axpy(residual, row, gk);
                        gk[p] += residual;
                    }
                }
                losses[b] = loss;
                grads[b] = g;
            });
            // Fixed-order reduction over blocks: the same sum whatever the thread schedule.
            Array.Clear(gradient);
            var total = 0.0;
            for (var b = 0; b < blocks; b++)
            {
                total += losses[b];
                VectorMath.Axpy(1, grads[b], gradient);
            }
            var penaltyScale = 1.0 / (c * n);
            var penalty = 0.0;
            for (var i = 0; i < theta.Length; i++)
            {
                gradient[i] /= n;
                if (i % (p + 1) == p) continue; // intercepts are not penalised
                penalty += theta[i] * theta[i];
                gradient[i] += penaltyScale * theta[i];
            }
            return total / n + 0.5 * penaltyScale * penalty;
        }
    }
}
