using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// A model's own stream of dropout draws: xoshiro256** seeded by splitmix64 from the model seed,
/// yielding 16-bit values. Owning one stream per model makes a model's masks the same whether it
/// trains alone or among others, and 16-bit draws are cheap enough that masks cost ~1 ms a step.
/// </summary>
public sealed class DropoutStream
{
    private ulong _s0, _s1, _s2, _s3;

    public DropoutStream(long seed)
    {
        var x = (ulong)seed;
        ulong Next() { x += 0x9E3779B97F4A7C15UL; var z = x; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL; return z ^ (z >> 31); }
        (_s0, _s1, _s2, _s3) = (Next(), Next(), Next(), Next());
    }

    /// <summary>Fills <paramref name="destination"/> with uniform 16-bit draws (as signed shorts).</summary>
    public void Fill(Span<short> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            var r = NextUInt64();
            for (var k = 0; k < 4 && i < destination.Length; k++, i++, r >>= 16)
                destination[i] = unchecked((short)(ushort)r);
        }
    }

    /// <summary>
    /// Draws destination.Length values exactly as <see cref="Fill"/> would (four 16-bit values per
    /// 64-bit output, lowest first) and writes the dropout factor of each: <paramref name="keep"/>
    /// if the draw is at or above <paramref name="threshold"/>, else 0. 16 draws at a time as vectors.
    /// </summary>
    public void FillFactors(Span<float> destination, short threshold, float keep)
    {
        if (destination.Length % 16 != 0) throw new ArgumentException($"length {destination.Length} must be a multiple of 16", nameof(destination));
        var (limit, factor) = (Vector256.Create(threshold), Vector256.Create(keep));
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3); // the state in registers for the whole fill
        for (var i = 0; i < destination.Length; i += 16)
        {
            // Four outputs side by side, built in registers (a memory round trip would stall store forwarding).
            var (a, b, c, d) = (Next(ref s0, ref s1, ref s2, ref s3), Next(ref s0, ref s1, ref s2, ref s3), Next(ref s0, ref s1, ref s2, ref s3), Next(ref s0, ref s1, ref s2, ref s3));
            var kept = Vector256.GreaterThanOrEqual(Vector256.Create(a, b, c, d).AsInt16(), limit); // lane order = Fill's order (little-endian)
            var (lower, upper) = Vector256.Widen(kept); // each lane all ones (kept) or zero
            (lower.AsSingle() & factor).CopyTo(destination[i..]);
            (upper.AsSingle() & factor).CopyTo(destination[(i + 8)..]);
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The signed-short threshold at or above which a draw keeps its unit: P(keep) = 1 - rate on the 1/65,536 grid.</summary>
    public static short Threshold(double rate) => (short)(short.MinValue + (int)Math.Round(rate * 65536));

    /// <summary>The rate a threshold actually realises (the grid value recorded in config.dropout).</summary>
    public static double Quantize(double rate) => Math.Round(rate * 65536) / 65536;

    private ulong NextUInt64() => Next(ref _s0, ref _s1, ref _s2, ref _s3);

    // xoshiro256**.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Next(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }
}
