using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightSpace.Core.Manifold;

/// <summary>
/// Exact k-NN by blocks of query rows against all points: squared distances from one GEMM per
/// block (|y|² − 2 x·y; |x|² is constant along a row and does not change the order), the k
/// smallest selected in C# (a heap of k, SIMD skipping of candidates that cannot enter it), then the chosen neighbours' distances recomputed exactly in C# and
/// sorted (distance, index) so the graph does not depend on the GEMM's rounding.
/// </summary>
public static class ExactNeighbors
{
    /// <summary>Bytes of one block's distance matrix: bounds memory whatever the point count.</summary>
    private const long BlockBytes = 64L << 20;

    /// <param name="data">(points, dims) row-major.</param>
    public static KnnGraph Compute(float[] data, int points, int dims, int k)
    {
        if (data.Length != (long)points * dims) throw new ArgumentException($"data has {data.Length} values, not {points} x {dims}");
        if (k > points) throw new ArgumentOutOfRangeException(nameof(k), k, $"more neighbours than the {points} points");
        var centered = Center(data, points, dims); // less cancellation in |y|² − 2 x·y
        var indices = new int[points * k];
        var block = (int)Math.Clamp(BlockBytes / 4 / points, 16, 4096);
        using (var scope = NewDisposeScope())
        using (var minusTwo = (-2.0).ToScalar())
        {
            var x = tensor(centered, [points, dims]);      // (n, d)
            var xt = x.mul(minusTwo).t().contiguous();     // (d, n), scaled by -2
            var squares = x.mul(x).sum(1).unsqueeze(0);    // (1, n)
            for (var start = 0; start < points; start += block)
            {
                using var inner = NewDisposeScope();
                var rows = Math.Min(block, points - start);
                var distances = x.narrow(0, start, rows).mm(xt).add_(squares); // (rows, n)
                // Selecting k of n in C# (one comparison per candidate), reading the tensor's memory in place.
                Parallel.For(0, rows, r => Smallest(
                    MemoryMarshal.Cast<byte, float>(distances.bytes).Slice(r * points, points), indices.AsSpan((start + r) * k, k)));
            }
        }
        return Finish(centered, points, dims, k, indices);
    }

    /// <summary>Indices of the k smallest values (any order): a max-heap of the best k, skipping SIMD chunks that cannot enter it.</summary>
    private static void Smallest(ReadOnlySpan<float> values, Span<int> result)
    {
        var k = result.Length;
        Span<float> heap = stackalloc float[k];
        for (var j = 0; j < k; j++)
        {
            heap[j] = values[j];
            result[j] = j;
            SiftUp(heap, result, j);
        }
        var width = System.Numerics.Vector<float>.Count;
        var at = k;
        while (at < values.Length)
        {
            if (at + width <= values.Length
                && !System.Numerics.Vector.LessThanAny(new System.Numerics.Vector<float>(values[at..]), new System.Numerics.Vector<float>(heap[0])))
            {
                at += width;
                continue;
            }
            var end = Math.Min(values.Length, at + width);
            for (; at < end; at++)
            {
                if (values[at] >= heap[0]) continue;
                heap[0] = values[at];
                result[0] = at;
                SiftDown(heap, result);
            }
        }
    }

    private static void SiftUp(Span<float> heap, Span<int> index, int at)
    {
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (heap[parent] >= heap[at]) return;
            (heap[parent], heap[at]) = (heap[at], heap[parent]);
            (index[parent], index[at]) = (index[at], index[parent]);
            at = parent;
        }
    }

    private static void SiftDown(Span<float> heap, Span<int> index)
    {
        var at = 0;
        while (true)
        {
            var (left, right, largest) = (2 * at + 1, 2 * at + 2, at);
            if (left < heap.Length && heap[left] > heap[largest]) largest = left;
            if (right < heap.Length && heap[right] > heap[largest]) largest = right;
            if (largest == at) return;
            (heap[largest], heap[at]) = (heap[at], heap[largest]);
            (index[largest], index[at]) = (index[at], index[largest]);
            at = largest;
        }
    }

    /// <summary>Exact distances of the chosen neighbours, sorted by (distance, index), the point itself first.</summary>
    internal static KnnGraph Finish(float[] data, int points, int dims, int k, int[] indices)
    {
        var distances = new float[points * k];
        Parallel.For(0, points, i =>
        {
            var row = indices.AsSpan(i * k, k);
            var dist = distances.AsSpan(i * k, k);
            var self = data.AsSpan(i * dims, dims);
            for (var j = 0; j < k; j++)
                dist[j] = Euclidean.Distance(self, data.AsSpan(row[j] * dims, dims));
            // The point itself always comes first even among exact duplicates (umap-learn's convention);
            // if the GEMM picked duplicates instead of it, it takes the farthest candidate's place.
            var at = row.IndexOf(i);
            if (at < 0)
            {
                at = 0;
                for (var j = 1; j < k; j++) if (dist[j] > dist[at]) at = j;
                row[at] = i;
            }
            dist[at] = -1f;
            SortByDistance(row, dist);
            dist[0] = 0f;
        });
        return new KnnGraph(points, k, indices, distances);
    }

    /// <summary>Sorts by (distance, index) ascending: insertion sort, rows are short.</summary>
    internal static void SortByDistance(Span<int> index, Span<float> dist)
    {
        for (var a = 1; a < index.Length; a++)
        {
            var (ia, da) = (index[a], dist[a]);
            var b = a - 1;
            while (b >= 0 && (dist[b] > da || (dist[b] == da && index[b] > ia)))
            {
                index[b + 1] = index[b];
                dist[b + 1] = dist[b];
                b--;
            }
            index[b + 1] = ia;
            dist[b + 1] = da;
        }
    }

    internal static float[] Center(float[] data, int points, int dims)
    {
        var mean = new double[dims];
        for (var i = 0; i < points; i++)
            for (var j = 0; j < dims; j++)
                mean[j] += data[i * dims + j];
        var centered = new float[data.Length];
        for (var i = 0; i < points; i++)
            for (var j = 0; j < dims; j++)
                centered[i * dims + j] = (float)(data[i * dims + j] - mean[j] / points);
        return centered;
    }
}
