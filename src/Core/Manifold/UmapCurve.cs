namespace WeightSpace.Core.Manifold;

/// <summary>
/// The embedding's similarity curve 1 / (1 + a·d^(2b)), with a and b fitted by least squares
/// (Gauss–Newton with step halving) to the target: 1 up to min_dist, exp(−(d − min_dist)/spread) beyond,
/// on 300 points of [0, 3·spread] — the fit umap-learn does with scipy's curve_fit.
/// </summary>
public static class UmapCurve
{
    public static (double A, double B) Fit(double minDist, double spread)
    {
        const int samples = 300;
        var x = new double[samples];
        var y = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            x[i] = 3 * spread * i / (samples - 1);
            y[i] = x[i] < minDist ? 1.0 : Math.Exp(-(x[i] - minDist) / spread);
        }
        double Loss(double a, double b)
        {
            var sum = 0.0;
            for (var i = 0; i < samples; i++)
            {
                var r = 1 / (1 + a * Math.Pow(x[i], 2 * b)) - y[i];
                sum += r * r;
            }
            return sum;
        }
        double pa = 1, pb = 1;
        var loss = Loss(pa, pb);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            // Normal equations JᵀJ δ = −Jᵀr for the two parameters.
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (var i = 1; i < samples; i++) // x = 0 contributes nothing (f = 1, zero derivatives)
            {
                var p = Math.Pow(x[i], 2 * pb);
                var f = 1 / (1 + pa * p);
                var r = f - y[i];
                var da = -p * f * f;
                var db = -pa * p * 2 * Math.Log(x[i]) * f * f;
                jaa += da * da; jab += da * db; jbb += db * db;
                ga += da * r; gb += db * r;
            }
            var det = jaa * jbb - jab * jab;
            if (Math.Abs(det) < 1e-300) break;
            var stepA = -(jbb * ga - jab * gb) / det;
            var stepB = -(jaa * gb - jab * ga) / det;
            var scale = 1.0;
            var improved = false;
            for (var halving = 0; halving < 30; halving++, scale /= 2)
            {
                var (na, nb) = (pa + scale * stepA, pb + scale * stepB);
                if (na <= 0 || nb <= 0) continue;
                var nl = Loss(na, nb);
                if (nl < loss)
                {
                    var done = loss - nl < 1e-14 * Math.Max(1, loss);
                    (pa, pb, loss, improved) = (na, nb, nl, true);
                    if (done) improved = false;
                    break;
                }
            }
            if (!improved) break;
        }
        return (pa, pb);
    }
}
