namespace WeightSpace.Core.Learning;

/// <summary>
/// Limited-memory BFGS with Armijo backtracking, for smooth convex objectives. Deterministic: no
/// randomness, fixed iteration budget.
/// </summary>
internal static class Lbfgs
{
    /// <summary>f(x, gradient) returns the objective at x and writes its gradient.</summary>
    public delegate double Function(double[] x, double[] gradient);

    /// <summary>Minimises f starting from <paramref name="x"/>, which holds the result on return.</summary>
    public static void Minimize(Function f, double[] x, LogisticOptions options)
    {
        var n = x.Length;
        var g = new double[n];
        var fx = f(x, g);
        var m = Math.Max(1, options.Memory);
        var s = new double[m][];
        var y = new double[m][];
        var rho = new double[m];
        var stored = 0;
        var newest = -1;
        var alpha = new double[m];
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var sNew = new double[n];
        var yNew = new double[n];

        for (var iter = 0; iter < options.MaxIterations; iter++)
        {
            if (MaxAbs(g) <= options.GradientTolerance) return;

            // Two-loop recursion: d = -H g.
            for (var i = 0; i < n; i++) d[i] = -g[i];
            for (var j = 0; j < stored; j++)
            {
                var idx = ((newest - j) % m + m) % m;
                alpha[idx] = rho[idx] * VectorMath.Dot(s[idx], d);
                VectorMath.Axpy(-alpha[idx], y[idx], d);
            }
            if (stored > 0)
            {
                var gamma = VectorMath.Dot(s[newest], y[newest]) / VectorMath.Dot(y[newest], y[newest]);
                for (var i = 0; i < n; i++) d[i] *= gamma;
            }
            for (var j = stored - 1; j >= 0; j--)
            {
                var idx = ((newest - j) % m + m) % m;
                var beta = rho[idx] * VectorMath.Dot(y[idx], d);
                VectorMath.Axpy(alpha[idx] - beta, s[idx], d);
            }

            var slope = VectorMath.Dot(g, d);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): forget the curvature pairs.
                stored = 0;
                for (var i = 0; i < n; i++) d[i] = -g[i];
                slope = -VectorMath.Dot(g, g);
            }

            // Without curvature information, a unit step along -g can be far too long.
            var step = stored == 0 ? Math.Min(1, 1 / Math.Sqrt(-slope)) : 1.0;
            double fNew;
            var accepted = false;
            for (var tries = 0; ; tries++)
            {
                for (var i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
                fNew = f(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope) { accepted = true; break; }
                if (tries == 50) break;
                step *= 0.5;
            }
            if (!accepted) return; // no further decrease is possible numerically

            for (var i = 0; i < n; i++)
            {
                sNew[i] = xNew[i] - x[i];
                yNew[i] = gNew[i] - g[i];
            }
            var sy = VectorMath.Dot(sNew, yNew);
            if (sy > 1e-12 * VectorMath.Dot(yNew, yNew))
            {
                // Keep the pair only if it carries positive curvature; it replaces the oldest.
                var next = (newest + 1) % m;
                s[next] ??= new double[n];
                y[next] ??= new double[n];
                Array.Copy(sNew, s[next], n);
                Array.Copy(yNew, y[next], n);
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.Min(stored + 1, m);
            }

            var decrease = fx - fNew;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            fx = fNew;
            if (decrease <= options.FunctionTolerance * Math.Max(1, Math.Max(Math.Abs(fx), Math.Abs(fx + decrease))))
                return;
        }
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var e in v) max = Math.Max(max, Math.Abs(e));
        return max;
    }
}
