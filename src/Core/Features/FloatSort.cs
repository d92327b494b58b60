using System.Runtime.InteropServices;

namespace WeightSpace.Core.Features;

/// <summary>
/// Sorts a checkpoint's weights with their indices, fast for a CNN checkpoint: an LSD radix sort on
/// the IEEE bits (4 passes of 8 bits for short rows, 3 of 11 bits from 384 weights on) instead of a
/// comparison sort whose mispredicted branches dominate the statistics stage. Very short rows use
/// the framework's sort. Rows holding NaN or -0 are refused (the framework places NaN first, and
/// -0 and +0 in an order of its own), so the caller sorts those with the framework and the sorted
/// bits are always those Array.Sort gives.
/// </summary>
internal static class FloatSort
{
    /// <summary>Below this length the framework's insertion sort wins.</summary>
    private const int RadixThreshold = 64;
    /// <summary>From this length on, 3 passes of 11 bits beat 4 passes of 8 bits (2,048-entry histograms pay off).</summary>
    private const int WideThreshold = 384;

    /// <summary>Room <see cref="SortWithIndices"/> needs in its counts argument.</summary>
    public const int CountsLength = 3 << 11;

    /// <summary>
    /// Sorts a checkpoint's weights once with their indices: <paramref name="sorted"/>[j] ends up as
    /// (float-order key of the j-th smallest weight) &lt;&lt; 32 | its index, read back with
    /// <see cref="ValueOf"/>. Equal weights may come in any index order; their bits are equal. The
    /// sorted pairs are left where the last radix pass put them, in <paramref name="pairs"/> or
    /// <paramref name="scratch"/> (no copy back). False, with nothing sorted, when the weights hold
    /// NaN or -0 (see the class remarks).
    /// </summary>
    /// <param name="scratch">At least as long as <paramref name="weights"/>; any content.</param>
    /// <param name="counts">At least <see cref="CountsLength"/> long; any content.</param>
    public static bool SortWithIndices(ReadOnlySpan<float> weights, Span<ulong> pairs, Span<ulong> scratch, Span<int> counts, out Span<ulong> sorted)
    {
        sorted = default;
        var n = weights.Length;
        var keys = MemoryMarshal.Cast<float, uint>(weights);
        pairs = pairs[..n];
        if (n < RadixThreshold)
        {
            for (var i = 0; i < n; i++)
                if (!TryKey(keys[i], out var k)) return false;
                else pairs[i] = (ulong)k << 32 | (uint)i;
            pairs.Sort();
            sorted = pairs;
            return true;
        }
        var (bits, passes) = n >= WideThreshold ? (11, 3) : (8, 4);
        var buckets = 1 << bits;
        var mask = (uint)buckets - 1;
        counts = counts[..(passes * buckets)];
        counts.Clear();
        // The digit histograms of every pass are counted as the keys are made (one pass over the weights).
        var c0 = counts[..buckets];
        var c1 = counts.Slice(buckets, buckets);
        var c2 = counts.Slice(2 * buckets, buckets);
        for (var i = 0; i < n; i++)
        {
            if (!TryKey(keys[i], out var k)) return false;
            pairs[i] = (ulong)k << 32 | (uint)i;
            c0[(int)(k & mask)]++;
            c1[(int)((k >> bits) & mask)]++;
            c2[(int)((k >> 2 * bits) & mask)]++;
            if (passes == 4) counts[3 * buckets + (int)(k >> 3 * bits)]++;
        }
        var from = pairs;
        var to = scratch[..n];
        for (var p = 0; p < passes; p++)
        {
            var c = counts.Slice(p * buckets, buckets);
            var sum = 0;
            for (var b = 0; b < buckets; b++) { var t = c[b]; c[b] = sum; sum += t; }
            var shift = 32 + p * bits;
            foreach (var pair in from) to[c[(int)((pair >> shift) & mask)]++] = pair;
            var swap = from;
            from = to;
            to = swap;
        }
        sorted = from;
        return true;
    }

    /// <summary>The float-order key of a weight's bits (unsigned order = float order); false for NaN and -0.</summary>
    private static bool TryKey(uint bits, out uint key)
    {
        key = bits ^ ((uint)((int)bits >> 31) | 0x80000000);
        return (bits & 0x7FFFFFFF) <= 0x7F800000 && bits != 0x80000000;
    }

    /// <summary>The weight of a pair <see cref="SortWithIndices"/> wrote.</summary>
    public static float ValueOf(ulong pair)
    {
        var k = (uint)(pair >> 32);
        k ^= (k & 0x80000000) != 0 ? 0x80000000 : 0xFFFFFFFF;
        return BitConverter.UInt32BitsToSingle(k);
    }
}
