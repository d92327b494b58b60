using System.Diagnostics;

namespace WeightSpace.Core.Manifold;

/// <summary>
/// Uniform Manifold Approximation and Projection (McInnes, Healy and Melville 2018), written for
/// this project: k-NN graph (exact by GEMM blocks up to <see cref="UmapOptions.ExactNeighborsUpTo"/>
/// points, NN-descent beyond), fuzzy simplicial set, spectral initial layout, SGD layout with
/// negative sampling. Euclidean metric.
/// </summary>
public static class Umap
{
    /// <param name="data">(points, dims) row-major.</param>
    /// <param name="log">Progress lines with the time of each phase, or null.</param>
    /// <returns>(points, outputDims) row-major.</returns>
    public static float[] Embed(float[] data, int points, int dims, UmapOptions options, int outputDims = 2,
        Action<string>? log = null, CancellationToken cancel = default)
    {
        options.Validate(points);
        if (data.Length != (long)points * dims) throw new ArgumentException($"data has {data.Length} values, not {points} x {dims}");
        for (var i = 0; i < data.Length; i++)
            if (!float.IsFinite(data[i])) throw new ArgumentException($"UMAP input row {i / dims}, column {i % dims} is {data[i]}; every value must be finite");
        var clock = Stopwatch.StartNew();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        // Wall and process CPU time so far: on a shared machine the CPU time is the steadier figure.
        string Elapsed()
        {
            process.Refresh();
            return $"{clock.Elapsed.TotalSeconds:F1} s (CPU {(process.TotalProcessorTime - cpuStart).TotalSeconds:F1} s)";
        }
        var exact = points <= options.ExactNeighborsUpTo;
        var knn = exact
            ? ExactNeighbors.Compute(data, points, dims, options.Neighbors)
            : NnDescent.Compute(data, points, dims, options.Neighbors, options.Seed, options.Threads);
        log?.Invoke($"{(exact ? "exact" : "NN-descent")} {options.Neighbors}-NN of {points} points in {dims}-D: {Elapsed()}");
        cancel.ThrowIfCancellationRequested();
        var graph = FuzzyGraph.Build(knn);
        var layout = InitialLayout.Spectral(graph, data, dims, outputDims, options.Seed);
        log?.Invoke($"fuzzy graph ({graph.Edges} edges) and spectral layout: {Elapsed()}");
        cancel.ThrowIfCancellationRequested();
        ScaleEachAxis(layout, outputDims, 10f);
        var (a, b) = UmapCurve.Fit(options.MinDist, options.Spread);
        var epochs = options.EpochsFor(points);
        LayoutOptimizer.Optimize(layout, outputDims, graph, a, b, epochs, options.NegativeSampleRate, options.LearningRate,
            options.Seed, options.Threads, cancel);
        log?.Invoke($"layout ({epochs} epochs, a={a:F3}, b={b:F3}): {Elapsed()}");
        return layout;
    }

    /// <summary>Each axis of the start layout to [0, extent], the scale the SGD's step and clipping assume.</summary>
    private static void ScaleEachAxis(float[] layout, int dims, float extent)
    {
        for (var j = 0; j < dims; j++)
        {
            var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
            for (var i = j; i < layout.Length; i += dims) (min, max) = (Math.Min(min, layout[i]), Math.Max(max, layout[i]));
            var range = max - min;
            for (var i = j; i < layout.Length; i += dims) layout[i] = range > 0 ? extent * (layout[i] - min) / range : 0f;
        }
    }
}
