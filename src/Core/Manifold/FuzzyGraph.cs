namespace WeightSpace.Core.Manifold;

/// <summary>
/// UMAP's fuzzy simplicial set as a symmetric sparse matrix in CSR form (no self loops): each
/// point's k-NN distances are turned into memberships exp(−(d − ρ)/σ), with ρ the distance to the
/// nearest other point and σ found by binary search so that the memberships sum to log2(k); the
/// directed memberships are then joined by the fuzzy union w + wᵀ − w∘wᵀ.
/// </summary>
public sealed class FuzzyGraph
{
    private FuzzyGraph(int points, int[] rowStart, int[] columns, float[] weights)
    {
        Points = points;
        RowStart = rowStart;
        Columns = columns;
        Weights = weights;
    }

    public int Points { get; }
    /// <summary>Row i's entries are [RowStart[i], RowStart[i+1]).</summary>
    public int[] RowStart { get; }
    public int[] Columns { get; }
    public float[] Weights { get; }
    public int Edges => Columns.Length;

    private const int SearchSteps = 64;
    private const double Tolerance = 1e-5;
    private const double MinScale = 1e-3;

    /// <summary>σ and ρ of every point (umap-learn's smooth_knn_dist with local_connectivity 1).</summary>
    public static (float[] Sigma, float[] Rho) SmoothDistances(KnnGraph knn)
    {
        var (n, k) = (knn.Points, knn.K);
        var sigma = new float[n];
        var rho = new float[n];
        var target = Math.Log2(k);
        double globalMean = 0;
        foreach (var d in knn.Distances) globalMean += d;
        globalMean /= knn.Distances.Length;
        Parallel.For(0, n, i =>
        {
            var d = knn.DistancesOf(i);
            // ρ: the nearest non-zero distance (the point itself is at 0).
            var r = 0.0;
            for (var j = 1; j < k; j++) if (d[j] > 0) { r = d[j]; break; }
            double lo = 0, hi = double.PositiveInfinity, mid = 1;
            for (var step = 0; step < SearchSteps; step++)
            {
                var sum = 0.0;
                for (var j = 1; j < k; j++)
                {
                    var excess = d[j] - r;
                    sum += excess > 0 ? Math.Exp(-excess / mid) : 1.0;
                }
                if (Math.Abs(sum - target) < Tolerance) break;
                if (sum > target) { hi = mid; mid = (lo + hi) / 2; }
                else { lo = mid; mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2; }
            }
            // Keep σ away from 0 relative to the distances (otherwise memberships collapse to 0/1).
            var mean = 0.0;
            for (var j = 0; j < k; j++) mean += d[j];
            mean /= k;
            mid = Math.Max(mid, MinScale * (r > 0 ? mean : globalMean));
            sigma[i] = (float)mid;
            rho[i] = (float)r;
        });
        return (sigma, rho);
    }

    public static FuzzyGraph Build(KnnGraph knn)
    {
        var (n, k) = (knn.Points, knn.K);
        var (sigma, rho) = SmoothDistances(knn);
        // Directed memberships, self excluded: (n, k-1).
        var m = k - 1;
        var w = new float[n * m];
        Parallel.For(0, n, i =>
        {
            var d = knn.DistancesOf(i);
            for (var j = 1; j < k; j++)
            {
                var excess = d[j] - rho[i];
                w[i * m + j - 1] = excess <= 0 || sigma[i] == 0 ? 1f : (float)Math.Exp(-excess / sigma[i]);
            }
        });

        // Reverse adjacency (who lists i, with that membership), in point order by counting sort.
        var revStart = new int[n + 1];
        for (var i = 0; i < n; i++)
            foreach (var j in knn.IndicesOf(i)[1..]) revStart[j + 1]++;
        for (var i = 0; i < n; i++) revStart[i + 1] += revStart[i];
        var revFrom = new int[revStart[n]];
        var revWeight = new float[revStart[n]];
        var fill = (int[])revStart[..n].Clone();
        for (var i = 0; i < n; i++)
        {
            var row = knn.IndicesOf(i);
            for (var j = 1; j < k; j++)
            {
                var at = fill[row[j]]++;
                revFrom[at] = i;
                revWeight[at] = w[i * m + j - 1];
            }
        }

        // Row i of the union: i's own neighbours j with w_ij + w_ji − w_ij·w_ji, then those that list
        // i without i listing them (w_ji alone). Sorted by column.
        var rows = new (int[] Cols, float[] Vals)[n];
        Parallel.For(0, n, i =>
        {
            var own = knn.IndicesOf(i)[1..];
            var cols = new List<int>(2 * m);
            var vals = new List<float>(2 * m);
            for (var a = 0; a < m; a++)
            {
                var j = own[a];
                var wij = w[i * m + a];
                var wji = 0f;
                for (var r = revStart[i]; r < revStart[i + 1]; r++) if (revFrom[r] == j) { wji = revWeight[r]; break; }
                cols.Add(j);
                vals.Add(wij + wji - wij * wji);
            }
            for (var r = revStart[i]; r < revStart[i + 1]; r++)
                if (own.IndexOf(revFrom[r]) < 0) { cols.Add(revFrom[r]); vals.Add(revWeight[r]); }
            var c = cols.ToArray();
            var v = vals.ToArray();
            Array.Sort(c, v);
            rows[i] = (c, v);
        });
        var rowStart = new int[n + 1];
        for (var i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + rows[i].Cols.Length;
        var columns = new int[rowStart[n]];
        var weights = new float[rowStart[n]];
        for (var i = 0; i < n; i++)
        {
            rows[i].Cols.CopyTo(columns, rowStart[i]);
            rows[i].Vals.CopyTo(weights, rowStart[i]);
        }
        return new FuzzyGraph(n, rowStart, columns, weights);
    }
}
