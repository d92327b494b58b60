namespace WeightSpace.Core.Manifold;

/// <summary>
/// UMAP's starting positions: the leading non-trivial eigenvectors of the graph's normalised
/// Laplacian (a spectral embedding). A graph of several connected components has a layout of the
/// component centroids (PCA of the centroids in data space) with each component's own spectral
/// layout placed around its centroid. PCA of the data is the fallback when the eigen-solver fails.
/// </summary>
public static class InitialLayout
{
    /// <summary>Below this many points a component is laid out by PCA of its points instead.</summary>
    private const int MinSpectralPoints = 16;

    /// <returns>(points, dims) row-major; scaled so the largest coordinate is 10 in magnitude.</returns>
    public static float[] Spectral(FuzzyGraph graph, float[] data, int dataDims, int dims, int seed)
    {
        var n = graph.Points;
        var labels = Components(graph, out var count);
        var layout = new double[n * dims];
        if (count == 1)
        {
            var all = Enumerable.Range(0, n).ToArray();
            var ok = SpectralOf(graph, all, dims, seed, layout);
            if (!ok) PcaOf(data, dataDims, all, dims, seed, layout);
        }
        else
        {
            var members = new List<int>[count];
            for (var c = 0; c < count; c++) members[c] = [];
            for (var i = 0; i < n; i++) members[labels[i]].Add(i);
            // Centroids in data space, laid out by PCA (as points of their own), scaled to [-1, 1].
            var centroids = new float[count * dataDims];
            for (var c = 0; c < count; c++)
            {
                foreach (var i in members[c])
                    for (var j = 0; j < dataDims; j++) centroids[c * dataDims + j] += data[(long)i * dataDims + j];
                for (var j = 0; j < dataDims; j++) centroids[c * dataDims + j] /= members[c].Count;
            }
            var meta = new double[count * dims];
            if (count > dims) PcaOf(centroids, dataDims, Enumerable.Range(0, count).ToArray(), dims, seed, meta);
            else for (var c = 0; c < count; c++) meta[c * dims] = c; // a line is enough for two or three
            Normalize(meta, 1.0);
            // Each component fits in a box half as wide as the gap to its nearest other centroid.
            var local = new double[n * dims];
            for (var c = 0; c < count; c++)
            {
                var ids = members[c].ToArray();
                var ok = ids.Length >= MinSpectralPoints && SpectralOf(graph, ids, dims, seed + c, local);
                if (!ok) PcaOf(data, dataDims, ids, dims, seed + c, local);
                var nearest = double.PositiveInfinity;
                for (var o = 0; o < count; o++)
                {
                    if (o == c) continue;
                    var d2 = 0.0;
                    for (var j = 0; j < dims; j++) d2 += Math.Pow(meta[c * dims + j] - meta[o * dims + j], 2);
                    nearest = Math.Min(nearest, Math.Sqrt(d2));
                }
                var half = (double.IsFinite(nearest) && nearest > 0 ? nearest : 1.0) / 4;
                var scale = 0.0;
                foreach (var i in ids) for (var j = 0; j < dims; j++) scale = Math.Max(scale, Math.Abs(local[i * dims + j]));
                foreach (var i in ids)
                    for (var j = 0; j < dims; j++)
                        layout[i * dims + j] = meta[c * dims + j] + (scale > 0 ? local[i * dims + j] / scale * half : 0);
            }
        }
        Normalize(layout, 10.0);
        // A little noise separates points the eigenvectors put on the same spot.
        var result = new float[n * dims];
        for (var i = 0; i < n; i++)
        {
            var rng = new SplitMix(seed, 0x1A17, i);
            for (var j = 0; j < dims; j++) result[i * dims + j] = (float)(layout[i * dims + j] + 1e-4 * rng.NextGaussian());
        }
        return result;
    }

    /// <summary>PCA of the data (its leading principal directions), scaled like <see cref="Spectral"/>.</summary>
    public static float[] Pca(float[] data, int points, int dataDims, int dims, int seed)
    {
        var layout = new double[points * dims];
        PcaOf(data, dataDims, Enumerable.Range(0, points).ToArray(), dims, seed, layout);
        Normalize(layout, 10.0);
        return layout.Select(v => (float)v).ToArray();
    }

    /// <summary>Spectral layout of the subgraph on <paramref name="ids"/> (one connected component) into layout rows ids.</summary>
    private static bool SpectralOf(FuzzyGraph graph, int[] ids, int dims, int seed, double[] layout)
    {
        var size = ids.Length;
        if (size <= dims + 1) return false;
        var position = new int[graph.Points];
        Array.Fill(position, -1);
        for (var p = 0; p < size; p++) position[ids[p]] = p;
        var degree = new double[size];
        for (var p = 0; p < size; p++)
            for (var e = graph.RowStart[ids[p]]; e < graph.RowStart[ids[p] + 1]; e++) degree[p] += graph.Weights[e];
        var invSqrt = degree.Select(d => d > 0 ? 1 / Math.Sqrt(d) : 0).ToArray();
        // The trivial eigenvector of D^-1/2 W D^-1/2 is sqrt(degree); the next ones are the layout.
        var norm = Math.Sqrt(degree.Sum());
        var trivial = degree.Select(d => Math.Sqrt(d) / norm).ToArray();
        // (I + D^-1/2 W D^-1/2) / 2 has eigenvalues in [0, 1] in the same order: power iteration finds its largest.
        void Apply(double[] x, double[] y, int block)
        {
            Parallel.For(0, size, p =>
            {
                var i = ids[p];
                for (var c = 0; c < block; c++) y[p * block + c] = x[p * block + c] / 2;
                for (var e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++)
                {
                    var q = position[graph.Columns[e]];
                    if (q < 0) continue;
                    var w = graph.Weights[e] * invSqrt[p] * invSqrt[q] / 2;
                    for (var c = 0; c < block; c++) y[p * block + c] += w * x[q * block + c];
                }
            });
        }
        var (vectors, _) = SubspaceIteration.Top(size, dims, Apply, [trivial], seed, maxIterations: 100, tolerance: 1e-4);
        if (vectors.Any(v => !double.IsFinite(v))) return false;
        for (var p = 0; p < size; p++)
            for (var j = 0; j < dims; j++) layout[ids[p] * dims + j] = vectors[p * dims + j];
        return true;
    }

    private static void PcaOf(float[] data, int dataDims, int[] ids, int dims, int seed, double[] layout)
    {
        var size = ids.Length;
        var mean = new double[dataDims];
        foreach (var i in ids) for (var j = 0; j < dataDims; j++) mean[j] += data[(long)i * dataDims + j];
        for (var j = 0; j < dataDims; j++) mean[j] /= size;
        var wanted = Math.Min(dims, dataDims);
        if (size < 2 || wanted < 1) return;
        // Covariance operator C v = Xcᵀ (Xc v) / n, on dataDims-long vectors.
        void Apply(double[] x, double[] y, int block)
        {
            Array.Clear(y);
            var projected = new double[block];
            foreach (var i in ids)
            {
                Array.Clear(projected);
                for (var j = 0; j < dataDims; j++)
                {
                    var v = data[(long)i * dataDims + j] - mean[j];
                    for (var c = 0; c < block; c++) projected[c] += v * x[j * block + c];
                }
                for (var j = 0; j < dataDims; j++)
                {
                    var v = data[(long)i * dataDims + j] - mean[j];
                    for (var c = 0; c < block; c++) y[j * block + c] += v * projected[c] / size;
                }
            }
        }
        if (dataDims <= wanted)
        {
            foreach (var i in ids) for (var j = 0; j < wanted; j++) layout[i * dims + j] = data[(long)i * dataDims + j] - mean[j];
            return;
        }
        var (axes, _) = SubspaceIteration.Top(dataDims, wanted, Apply, [], seed, maxIterations: 100);
        foreach (var i in ids)
            for (var c = 0; c < wanted; c++)
            {
                var sum = 0.0;
                for (var j = 0; j < dataDims; j++) sum += (data[(long)i * dataDims + j] - mean[j]) * axes[j * wanted + c];
                layout[i * dims + c] = sum;
            }
    }

    /// <summary>Scales so the largest magnitude is <paramref name="extent"/>.</summary>
    private static void Normalize(double[] layout, double extent)
    {
        var max = layout.Length == 0 ? 0 : layout.Max(Math.Abs);
        if (max > 0) for (var i = 0; i < layout.Length; i++) layout[i] *= extent / max;
    }

    /// <summary>Connected components by union-find: a label per point, labels in order of first appearance.</summary>
    internal static int[] Components(FuzzyGraph graph, out int count)
    {
        var parent = Enumerable.Range(0, graph.Points).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        for (var i = 0; i < graph.Points; i++)
            for (var e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++)
            {
                var (a, b) = (Find(i), Find(graph.Columns[e]));
                if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        var labels = new int[graph.Points];
        var map = new Dictionary<int, int>();
        for (var i = 0; i < graph.Points; i++)
        {
            var root = Find(i);
            if (!map.TryGetValue(root, out var label)) map[root] = label = map.Count;
            labels[i] = label;
        }
        count = map.Count;
        return labels;
    }
}
