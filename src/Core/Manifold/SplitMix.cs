namespace WeightSpace.Core.Manifold;

/// <summary>
/// A small counter-based random stream (SplitMix64) keyed by (seed, purpose, item): every point
/// or vertex draws from its own stream, so results do not depend on which thread handles it.
/// </summary>
internal struct SplitMix
{
    private ulong _state;

    public SplitMix(long seed, long purpose, long item) =>
        _state = Mix(Mix(Mix((ulong)seed) ^ (ulong)purpose) ^ (ulong)item);

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, n): the high 32 bits scaled by n (a multiply, not a division; bias below n / 2^32).</summary>
    public int Below(int n) => (int)(((Next() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
