namespace WeightSpace.Core.Learning;

/// <summary>
/// A saturating learning curve: the score reached with <c>n</c> training models,
/// score(n) = <see cref="Max"/> − <see cref="A"/> · n^(−<see cref="B"/>). <see cref="Max"/> is where the
/// curve levels off with unlimited models, <see cref="B"/> how fast it gets there.
/// </summary>
public sealed record SaturatingCurve(double Max, double A, double B)
{
    /// <summary>The exponents the fit tries: 400 values spaced evenly in log between these two, then refined.</summary>
    public const double MinExponent = 0.01, MaxExponent = 5;

    /// <summary>The curve's score at <paramref name="n"/> training models.</summary>
    public double At(double n) => Max - A * Math.Pow(n, -B);

    /// <summary>
    /// The number of training models at which the curve reaches <paramref name="target"/>; null when it never
    /// does (<see cref="Max"/> at or below it). A curve that falls towards its level (A ≤ 0) is above the
    /// target from one model on.
    /// </summary>
    public double? ModelsToReach(double target)
    {
        if (!(Max > target)) return null;
        return A <= 0 ? 1 : Math.Max(1, Math.Pow(A / (Max - target), 1 / B));
    }

    /// <summary>
    /// The least-squares curve through (n, score) points. For each exponent b the curve is linear in
    /// (Max, A), so those two are ordinary least squares on x = n^(−b); b is the best of a log-spaced grid
    /// over [<see cref="MinExponent"/>, <see cref="MaxExponent"/>], refined by golden-section search between its
    /// grid neighbours. Null when the points have fewer than three distinct n (the curve has three
    /// parameters) or a value that is not finite.
    /// </summary>
    public static SaturatingCurve? Fit(IReadOnlyList<double> n, IReadOnlyList<double> score)
    {
        if (n.Count != score.Count) throw new ArgumentException($"{n.Count} model counts but {score.Count} scores", nameof(score));
        if (n.Distinct().Count() < 3 || n.Any(v => !(v > 0) || !double.IsFinite(v)) || score.Any(v => !double.IsFinite(v))) return null;
        const int grid = 400;
        var exponents = Enumerable.Range(0, grid).Select(i => MinExponent * Math.Pow(MaxExponent / MinExponent, i / (double)(grid - 1))).ToArray();
        var errors = exponents.Select(b => Linear(n, score, b).Error).ToArray();
        var best = Array.IndexOf(errors, errors.Min());
        double lo = exponents[Math.Max(0, best - 1)], hi = exponents[Math.Min(grid - 1, best + 1)];
        var golden = (Math.Sqrt(5) - 1) / 2;
        for (var step = 0; step < 60; step++)
        {
            double c = hi - golden * (hi - lo), d = lo + golden * (hi - lo);
            if (Linear(n, score, c).Error <= Linear(n, score, d).Error) hi = d; else lo = c;
        }
        var exponent = (lo + hi) / 2;
        var fit = Linear(n, score, exponent);
        if (fit.Error > errors[best]) (exponent, fit) = (exponents[best], Linear(n, score, exponents[best]));
        return new SaturatingCurve(fit.Max, fit.A, exponent);
    }

    /// <summary>Max and A by least squares for a fixed exponent, with the sum of squared residuals.</summary>
    private static (double Max, double A, double Error) Linear(IReadOnlyList<double> n, IReadOnlyList<double> score, double b)
    {
        var x = n.Select(v => Math.Pow(v, -b)).ToArray();
        double meanX = x.Average(), meanY = score.Average(), sxx = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++) { sxx += (x[i] - meanX) * (x[i] - meanX); sxy += (x[i] - meanX) * (score[i] - meanY); }
        var slope = sxx > 0 ? sxy / sxx : 0; // score = Max + slope · x, so A = −slope
        var max = meanY - slope * meanX;
        var error = 0.0;
        for (var i = 0; i < x.Length; i++) { var r = score[i] - (max + slope * x[i]); error += r * r; }
        return (max, -slope, error);
    }
}

/// <summary>A fitted <see cref="SaturatingCurve"/> with the spread of its parameters over bootstrap replicates.</summary>
/// <param name="MaxSd">Standard deviation of Max over the replicates (0 with none).</param>
/// <param name="Replicates">How many replicates could be fitted.</param>
public sealed record SaturatingFit(SaturatingCurve Curve, double MaxSd, double ASd, double BSd, int Replicates)
{
    /// <summary>
    /// The curve through every (n, score) point, and its uncertainty by a bootstrap over seeds: each
    /// replicate draws, at every n, as many scores as were measured there, with replacement, from that n's
    /// scores, and is fitted again. Null when the points themselves cannot be fitted.
    /// </summary>
    public static SaturatingFit? Of(IReadOnlyList<double> n, IReadOnlyList<double> score, int replicates, int seed)
    {
        if (SaturatingCurve.Fit(n, score) is not { } curve) return null;
        var groups = Enumerable.Range(0, n.Count).GroupBy(i => n[i]).Select(g => g.ToArray()).ToArray();
        var random = new Random(seed);
        var fits = new List<SaturatingCurve>();
        for (var r = 0; r < replicates; r++)
        {
            var (xs, ys) = (new List<double>(), new List<double>());
            foreach (var g in groups)
                for (var k = 0; k < g.Length; k++)
                {
                    var pick = g[random.Next(g.Length)];
                    xs.Add(n[pick]);
                    ys.Add(score[pick]);
                }
            if (SaturatingCurve.Fit(xs, ys) is { } fit) fits.Add(fit);
        }
        return new SaturatingFit(curve, Sd(fits.Select(f => f.Max)), Sd(fits.Select(f => f.A)), Sd(fits.Select(f => f.B)), fits.Count);
    }

    /// <summary>The sample standard deviation (n − 1); 0 for fewer than two values.</summary>
    public static double Sd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length < 2) return 0;
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }
}
