namespace WeightSpace.Core.Manifold;

/// <summary>
/// UMAP's layout: stochastic gradient descent on the fuzzy cross-entropy. Each edge is sampled
/// in proportion to its membership (every 1/w·w_max epochs); a sample pulls the point towards the
/// neighbour and pushes it from a few random points (negative sampling). The step decays linearly.
/// </summary>
/// <remarks>
/// Determinism: in an epoch every point moves only itself and reads the other points' positions as
/// they were at the start of the epoch, and draws its negative samples from its own random stream
/// keyed by (seed, epoch, point). The points can then be handled in parallel in any order and the
/// result is identical for any thread count. umap-learn moves both ends of a sampled edge; here the
/// reverse edge moves the other end, and each sample pulls twice as far to keep the same balance of
/// attraction and repulsion.
/// </remarks>
public static class LayoutOptimizer
{
    private const float Clip = 4f;

    /// <param name="layout">(points, dims) row-major, optimised in place.</param>
    public static void Optimize(float[] layout, int dims, FuzzyGraph graph, double a, double b, int epochs,
        int negativeRate, double learningRate, int seed, int threads, CancellationToken cancel = default)
    {
        var n = graph.Points;
        var edges = graph.Edges;
        var maxWeight = 0f;
        foreach (var w in graph.Weights) maxWeight = Math.Max(maxWeight, w);
        // Edges too weak to be sampled even once in the whole run are dropped (epochs per sample = ∞).
        var perSample = new float[edges];
        for (var e = 0; e < edges; e++)
        {
            var w = graph.Weights[e];
            perSample[e] = w >= maxWeight / epochs && w > 0 ? maxWeight / w : float.PositiveInfinity;
        }
        var nextSample = (float[])perSample.Clone();
        var perNegative = perSample.Select(p => p / negativeRate).ToArray();
        var nextNegative = (float[])perNegative.Clone();
        var (fa, fb) = ((float)a, (float)b);
        var snapshot = new float[layout.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel };
        var chunk = Math.Max(256, n / (threads * 8));

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var alpha = (float)(learningRate * (1.0 - (double)epoch / epochs));
            layout.CopyTo(snapshot, 0);
            var current = epoch;
            Parallel.For(0, (n + chunk - 1) / chunk, parallel, part =>
            {
                if (dims == 2) Epoch2D(layout, snapshot, graph, part * chunk, Math.Min(n, (part + 1) * chunk), current, alpha, fa, fb, seed,
                    nextSample, perSample, nextNegative, perNegative);
                else EpochAnyDims(layout, snapshot, dims, graph, part * chunk, Math.Min(n, (part + 1) * chunk), current, alpha, fa, fb, seed,
                    nextSample, perSample, nextNegative, perNegative);
            });
        }
    }

    /// <summary>One epoch for points [from, to) in two dimensions: the common case, written out for speed.</summary>
    private static void Epoch2D(float[] layoutArray, float[] snapshotArray, FuzzyGraph graph, int from, int to, int epoch, float alpha, float a, float b,
        int seed, float[] nextSampleArray, float[] perSampleArray, float[] nextNegativeArray, float[] perNegativeArray)
    {
        var n = graph.Points;
        ReadOnlySpan<int> columns = graph.Columns, rowStart = graph.RowStart;
        ReadOnlySpan<float> snapshot = snapshotArray, perSample = perSampleArray, perNegative = perNegativeArray;
        Span<float> layout = layoutArray, nextSample = nextSampleArray, nextNegative = nextNegativeArray;
        var (pullScale, pushScale, step) = (-2f * a * b, 2f * b, 2f * alpha);
        for (var i = from; i < to; i++)
        {
            var rng = new SplitMix(seed, epoch, i);
            var (x, y) = (layout[2 * i], layout[2 * i + 1]);
            for (var e = rowStart[i]; e < rowStart[i + 1]; e++)
            {
                if (nextSample[e] > epoch) continue;
                // The pull and this sample's pushes are all taken at (x, y) as it was before the sample
                // and then added: they do not wait on each other, so the CPU overlaps them.
                var j = columns[e];
                var (dx, dy) = (x - snapshot[2 * j], y - snapshot[2 * j + 1]);
                var d2 = dx * dx + dy * dy;
                var (mx, my) = (0f, 0f);
                if (d2 > 0)
                {
                    var pb = MathF.Pow(d2, b);
                    var pull = pullScale * (pb / d2) / (a * pb + 1f);
                    mx = step * Math.Clamp(pull * dx, -Clip, Clip);
                    my = step * Math.Clamp(pull * dy, -Clip, Clip);
                }
                nextSample[e] += perSample[e];

                var negatives = (int)((epoch - nextNegative[e]) / perNegative[e]);
                for (var s = 0; s < negatives; s++)
                {
                    var k = rng.Below(n);
                    if (k == i) continue;
                    var (nx, ny) = (x - snapshot[2 * k], y - snapshot[2 * k + 1]);
                    var n2 = nx * nx + ny * ny;
                    if (n2 > 0)
                    {
                        var push = pushScale / ((0.001f + n2) * (a * MathF.Pow(n2, b) + 1f));
                        mx += alpha * Math.Clamp(push * nx, -Clip, Clip);
                        my += alpha * Math.Clamp(push * ny, -Clip, Clip);
                    }
                    else
                    {
                        mx += alpha * Clip;
                        my += alpha * Clip;
                    }
                }
                nextNegative[e] += negatives * perNegative[e];
                x += mx;
                y += my;
            }
            layout[2 * i] = x;
            layout[2 * i + 1] = y;
        }
    }

    private static void EpochAnyDims(float[] layout, float[] snapshot, int dims, FuzzyGraph graph, int from, int to, int epoch, float alpha,
        float fa, float fb, int seed, float[] nextSample, float[] perSample, float[] nextNegative, float[] perNegative)
    {
        var n = graph.Points;
        Span<float> delta = stackalloc float[dims];
        for (var i = from; i < to; i++)
        {
            var rng = new SplitMix(seed, epoch, i);
            var self = layout.AsSpan(i * dims, dims);
            for (var e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++)
            {
                if (nextSample[e] > epoch) continue;
                var other = snapshot.AsSpan(graph.Columns[e] * dims, dims);
                var d2 = Difference(self, other, delta);
                var pb = d2 > 0 ? MathF.Pow(d2, fb) : 0f;
                var coefficient = d2 > 0 ? -2f * fa * fb * (pb / d2) / (fa * pb + 1f) : 0f;
                for (var j = 0; j < dims; j++) self[j] += 2f * alpha * Math.Clamp(coefficient * delta[j], -Clip, Clip);
                nextSample[e] += perSample[e];

                var negatives = (int)((epoch - nextNegative[e]) / perNegative[e]);
                for (var s = 0; s < negatives; s++)
                {
                    var k = rng.Below(n);
                    if (k == i) continue;
                    d2 = Difference(self, snapshot.AsSpan(k * dims, dims), delta);
                    if (d2 > 0)
                    {
                        var push = 2f * fb / ((0.001f + d2) * (fa * MathF.Pow(d2, fb) + 1f));
                        for (var j = 0; j < dims; j++) self[j] += alpha * Math.Clamp(push * delta[j], -Clip, Clip);
                    }
                    else
                    {
                        for (var j = 0; j < dims; j++) self[j] += alpha * Clip;
                    }
                }
                nextNegative[e] += negatives * perNegative[e];
            }
        }
    }

    private static float Difference(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> delta)
    {
        var d2 = 0f;
        for (var j = 0; j < x.Length; j++)
        {
            delta[j] = x[j] - y[j];
            d2 += delta[j] * delta[j];
        }
        return d2;
    }
}
