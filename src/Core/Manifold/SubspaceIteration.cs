namespace WeightSpace.Core.Manifold;

/// <summary>
/// Leading eigenvectors of a symmetric positive semi-definite operator by block power iteration
/// with Gram–Schmidt, then Rayleigh–Ritz on the block (a few extra vectors speed convergence).
/// Enough for an initial layout, where only the spanned subspace matters.
/// </summary>
internal static class SubspaceIteration
{
    /// <param name="size">Length of a vector.</param>
    /// <param name="count">Eigenvectors wanted.</param>
    /// <param name="apply">y = A x for a block: x and y are (size, block) row-major.</param>
    /// <param name="deflate">Unit vectors to project out (known eigenvectors to skip), or none.</param>
    /// <returns>(size, count) row-major, largest eigenvalue first, and whether it converged.</returns>
    public static (double[] Vectors, bool Converged) Top(int size, int count, Action<double[], double[], int> apply,
        IReadOnlyList<double[]> deflate, long seed, int maxIterations = 300, double tolerance = 1e-6)
    {
        var block = Math.Min(count + 6, size - deflate.Count);
        if (block < count) throw new ArgumentException($"{size} values cannot hold {count} vectors besides {deflate.Count} deflated ones");
        var x = new double[size * block];
        for (var i = 0; i < size; i++)
        {
            var rng = new SplitMix(seed, 0x5BEC, i);
            for (var c = 0; c < block; c++) x[i * block + c] = rng.NextGaussian();
        }
        Orthonormalize(x, size, block, deflate);
        var y = new double[size * block];
        var converged = false;
        for (var iteration = 0; iteration < maxIterations && !converged; iteration++)
        {
            apply(x, y, block);
            Orthonormalize(y, size, block, deflate);
            // Converged when the wanted columns stop moving (Gram–Schmidt keeps their order and sign stable).
            var change = 0.0;
            for (var i = 0; i < size; i++)
                for (var c = 0; c < count; c++)
                {
                    var diff = y[i * block + c] - x[i * block + c];
                    change += diff * diff;
                }
            converged = Math.Sqrt(change / count) < tolerance;
            (x, y) = (y, x);
        }
        // Rayleigh–Ritz: eigenvectors of the small matrix xᵀ A x order the block's directions.
        apply(x, y, block);
        var small = new double[block * block];
        for (var i = 0; i < size; i++)
            for (var a = 0; a < block; a++)
                for (var b = 0; b < block; b++)
                    small[a * block + b] += x[i * block + a] * y[i * block + b];
        var (values, vectors) = JacobiEigen(small, block);
        var order = Enumerable.Range(0, block).OrderByDescending(c => values[c]).Take(count).ToArray();
        var result = new double[size * count];
        for (var i = 0; i < size; i++)
            for (var c = 0; c < count; c++)
            {
                var sum = 0.0;
                for (var a = 0; a < block; a++) sum += x[i * block + a] * vectors[a * block + order[c]];
                result[i * count + c] = sum;
            }
        return (result, converged);
    }

    /// <summary>Modified Gram–Schmidt on the columns after projecting out <paramref name="deflate"/>.</summary>
    private static void Orthonormalize(double[] x, int size, int block, IReadOnlyList<double[]> deflate)
    {
        foreach (var v in deflate)
            for (var c = 0; c < block; c++) Subtract(x, size, block, c, v, Dot(x, size, block, c, v));
        var column = new double[size];
        for (var c = 0; c < block; c++)
        {
            for (var p = 0; p < c; p++)
            {
                for (var i = 0; i < size; i++) column[i] = x[i * block + p];
                Subtract(x, size, block, c, column, Dot(x, size, block, c, column));
            }
            var norm = Math.Sqrt(Dot(x, size, block, c, null));
            if (norm < 1e-300) norm = 1; // a dependent column stays zero; Rayleigh–Ritz ranks it last
            for (var i = 0; i < size; i++) x[i * block + c] /= norm;
        }
    }

    private static double Dot(double[] x, int size, int block, int c, double[]? v)
    {
        var sum = 0.0;
        for (var i = 0; i < size; i++) sum += x[i * block + c] * (v is null ? x[i * block + c] : v[i]);
        return sum;
    }

    private static void Subtract(double[] x, int size, int block, int c, double[] v, double scale)
    {
        for (var i = 0; i < size; i++) x[i * block + c] -= scale * v[i];
    }

    /// <summary>Cyclic Jacobi eigen-decomposition of a small symmetric matrix; columns of the result are eigenvectors.</summary>
    internal static (double[] Values, double[] Vectors) JacobiEigen(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                a[i * n + j] = a[j * n + i] = (a[i * n + j] + a[j * n + i]) / 2;
        var v = new double[n * n];
        for (var i = 0; i < n; i++) v[i * n + i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            if (off < 1e-30) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p * n + q]) < 1e-300) continue;
                    var theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    var cos = 1 / Math.Sqrt(t * t + 1);
                    var sin = t * cos;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k * n + p];
                        var akq = a[k * n + q];
                        a[k * n + p] = cos * akp - sin * akq;
                        a[k * n + q] = sin * akp + cos * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p * n + k];
                        var aqk = a[q * n + k];
                        a[p * n + k] = cos * apk - sin * aqk;
                        a[q * n + k] = sin * apk + cos * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k * n + p];
                        var vkq = v[k * n + q];
                        v[k * n + p] = cos * vkp - sin * vkq;
                        v[k * n + q] = sin * vkp + cos * vkq;
                    }
                }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = a[i * n + i];
        return (values, v);
    }
}
