using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightSpace.Core.Manifold;

/// <summary>
/// Exact k-NN by square tiles of the distance matrix, each computed once: −2 x·y of a tile of points
/// against a tile of points comes from one GEMM, and since the matrix is symmetric only the tiles on
/// and above the diagonal are computed; an off-diagonal tile is offered to the heaps of its rows and
/// (transposed) to those of its columns. A point's heap ranks candidates y by |y|² − 2 x·y (|x|² is
/// constant along it) and keeps its k best across tiles, skipping 32-value runs that cannot enter it.
/// The chosen neighbours' distances are then recomputed exactly in C# and sorted (distance, index),
/// so the graph does not depend on the GEMM's rounding.
/// </summary>
public static class ExactNeighbors
{
    /// <summary>Points per tile side: a 2048 x 2048 tile is 16 MiB.</summary>
    private const int Tile = 2048;

    /// <param name="data">(points, dims) row-major.</param>
    public static KnnGraph Compute(float[] data, int points, int dims, int k)
    {
        if (data.Length != (long)points * dims) throw new ArgumentException($"data has {data.Length} values, not {points} x {dims}");
        if (k > points) throw new ArgumentOutOfRangeException(nameof(k), k, $"more neighbours than the {points} points");
        var centered = Center(data, points, dims); // less cancellation in |y|² − 2 x·y
        var origin = new float[dims];
        var norms = new float[points]; // |x|² of every centred point
        for (var i = 0; i < points; i++) norms[i] = Euclidean.SquaredDistance(centered.AsSpan(i * dims, dims), origin);
        var indices = new int[points * k];
        var heaps = new float[points * k];
        Array.Fill(heaps, float.PositiveInfinity);
        Array.Fill(indices, -1);
        using (var scope = NewDisposeScope())
        using (var minusTwo = (-2.0).ToScalar())
        {
            var x = tensor(centered, [points, dims]);          // (n, d)
            var yt = x.mul(minusTwo).t().contiguous();         // (d, n), scaled by -2
            for (var from = 0; from < points; from += Tile)
            {
                var rows = Math.Min(Tile, points - from);
                using var block = x.narrow(0, from, rows);     // (rows, d)
                for (var to = from; to < points; to += Tile)
                {
                    using var inner = NewDisposeScope();
                    var columns = Math.Min(Tile, points - to);
                    var products = block.mm(yt.narrow(1, to, columns)); // (rows, columns): −2 x·y
                    var (r0, c0) = (from, to);
                    Parallel.For(0, rows, r => Offer(MemoryMarshal.Cast<byte, float>(products.bytes).Slice(r * columns, columns),
                        norms.AsSpan(c0, columns), c0, heaps.AsSpan((r0 + r) * k, k), indices.AsSpan((r0 + r) * k, k)));
                    if (to == from) continue;
                    var transposed = products.t().contiguous();         // (columns, rows)
                    Parallel.For(0, columns, c => Offer(MemoryMarshal.Cast<byte, float>(transposed.bytes).Slice(c * rows, rows),
                        norms.AsSpan(r0, rows), r0, heaps.AsSpan((c0 + c) * k, k), indices.AsSpan((c0 + c) * k, k)));
                }
            }
        }
        return Finish(centered, points, dims, k, indices);
    }

    /// <summary>
    /// Offers candidates first, first + 1, ... with keys norms + products to a max-heap of the k
    /// smallest keys so far (heap[0] the largest kept). Equal keys do not displace a kept one.
    /// </summary>
    private static void Offer(ReadOnlySpan<float> products, ReadOnlySpan<float> norms, int first, Span<float> heap, Span<int> index)
    {
        const int Run = 4 * 8;
        ref var p = ref MemoryMarshal.GetReference(products);
        ref var q = ref MemoryMarshal.GetReference(norms);
        var limit = Vector256.Create(heap[0]);
        var at = 0;
        for (; at + Run <= products.Length; at += Run)
        {
            var (a, b) = ((nuint)at, (nuint)at + 8);
            var (c, d) = ((nuint)at + 16, (nuint)at + 24);
            var below = Vector256.LessThan(Vector256.LoadUnsafe(ref p, a) + Vector256.LoadUnsafe(ref q, a), limit)
                      | Vector256.LessThan(Vector256.LoadUnsafe(ref p, b) + Vector256.LoadUnsafe(ref q, b), limit)
                      | Vector256.LessThan(Vector256.LoadUnsafe(ref p, c) + Vector256.LoadUnsafe(ref q, c), limit)
                      | Vector256.LessThan(Vector256.LoadUnsafe(ref p, d) + Vector256.LoadUnsafe(ref q, d), limit);
            if (below == Vector256<float>.Zero) continue;
            for (var j = at; j < at + Run; j++) Push(products[j] + norms[j], first + j, heap, index);
            limit = Vector256.Create(heap[0]);
        }
        for (; at < products.Length; at++) Push(products[at] + norms[at], first + at, heap, index);
    }

    private static void Push(float key, int candidate, Span<float> heap, Span<int> index)
    {
        if (key >= heap[0]) return;
        heap[0] = key;
        index[0] = candidate;
        SiftDown(heap, index);
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
