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
    /// Draws <paramref name="count"/> values exactly as <see cref="Fill"/> would and writes the
    /// dropout factor of each (<paramref name="keep"/> if the draw is at or above
    /// <paramref name="threshold"/>, else 0) straight into the layout the forward pass multiplies
    /// with: runs of <paramref name="run"/> consecutive values, successive runs
    /// <paramref name="stride"/> apart (one model's slot in a tensor holding every model).
    /// </summary>
    public void FillMask(Span<float> destination, int count, int run, int stride, short threshold, float keep)
    {
        if (count % 4 != 0) throw new ArgumentException($"count {count} must be a multiple of 4 (Fill's packing)", nameof(count));
        var start = 0;
        var within = 0;
        for (var i = 0; i < count; i += 4)
        {
            var r = NextUInt64();
            for (var k = 0; k < 4; k++, r >>= 16)
            {
                destination[start + within] = unchecked((short)(ushort)r) >= threshold ? keep : 0f;
                if (++within == run) (start, within) = (start + stride, 0);
            }
        }
    }

    /// <summary>The signed-short threshold at or above which a draw keeps its unit: P(keep) = 1 - rate on the 1/65,536 grid.</summary>
    public static short Threshold(double rate) => (short)(short.MinValue + (int)Math.Round(rate * 65536));

    /// <summary>The rate a threshold actually realises (the grid value recorded in config.dropout).</summary>
    public static double Quantize(double rate) => Math.Round(rate * 65536) / 65536;

    private ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }
}
