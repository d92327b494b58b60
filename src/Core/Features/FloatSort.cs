using System.Runtime.InteropServices;

namespace WeightSpace.Core.Features;

/// <summary>
/// Sorts float spans ascending, fast for the thousands of weights of a CNN checkpoint: an LSD radix
/// sort on the IEEE bits (3 passes of 11 bits) for long spans, the framework's sort for short
/// ones. Spans holding NaN or -0 go to the framework's sort (it places NaN first, and -0 and +0
/// in an order of its own), so the sorted bits are always those Array.Sort gives.
/// </summary>
internal static class FloatSort
{
    /// <summary>Below this length the framework's introsort is faster than three radix passes.</summary>
    private const int RadixThreshold = 384;
    private const int Bits = 11, Buckets = 1 << Bits, Mask = Buckets - 1;

    /// <param name="values">Sorted in place.</param>
    /// <param name="scratch">At least as long as <paramref name="values"/>; any content.</param>
    /// <param name="counts">At least 3 x 2048 long; any content.</param>
    public static void Sort(Span<float> values, Span<uint> scratch, Span<int> counts)
    {
        var n = values.Length;
        if (n < RadixThreshold) { values.Sort(); return; }
        var keys = MemoryMarshal.Cast<float, uint>(values);
        counts = counts[..(3 * Buckets)];
        counts.Clear();
        // Map the bits so that unsigned order is float order: flip all bits of negatives, the sign bit of the rest.
        for (var i = 0; i < n; i++)
        {
            var k = keys[i];
            // NaN, and -0 (Array.Sort leaves -0 and +0 in an order of its own): the framework's sort, for the same bits.
            if ((k & 0x7FFFFFFF) > 0x7F800000 || k == 0x80000000) { RestoreAndSortSlowly(keys[..i], values); return; }
            k ^= (uint)((int)k >> 31) | 0x80000000;
            keys[i] = k;
            counts[(int)(k & Mask)]++;
            counts[Buckets + (int)((k >> Bits) & Mask)]++;
            counts[2 * Buckets + (int)(k >> (2 * Bits))]++;
        }
        var from = keys;
        var to = scratch[..n];
        for (var pass = 0; pass < 3; pass++)
        {
            var c = counts.Slice(pass * Buckets, Buckets);
            var sum = 0;
            for (var b = 0; b < Buckets; b++) { var t = c[b]; c[b] = sum; sum += t; }
            var shift = pass * Bits;
            foreach (var k in from) to[c[(int)((k >> shift) & Mask)]++] = k;
            var swap = from;
            from = to;
            to = swap;
        }
        // Three passes: the sorted keys are in scratch; map back into values.
        for (var i = 0; i < n; i++)
        {
            var k = from[i];
            keys[i] = k ^ ((k & 0x80000000) != 0 ? 0x80000000 : 0xFFFFFFFF);
        }
    }

    private static void RestoreAndSortSlowly(Span<uint> mapped, Span<float> values)
    {
        foreach (ref var k in mapped) k ^= (k & 0x80000000) != 0 ? 0x80000000 : 0xFFFFFFFF;
        values.Sort();
    }
}
