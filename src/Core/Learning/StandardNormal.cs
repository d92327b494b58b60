namespace WeightSpace.Core.Learning;

/// <summary>
/// N(0, 1) draws from a seeded <see cref="Random"/>, for code that makes weights or images on the
/// CPU without torch's generator (zoo initializers, Tetris test-set noise).
/// </summary>
public static class StandardNormal
{
    /// <summary>One draw by Box-Muller (the cosine branch; the sine branch is discarded for simplicity).</summary>
    public static double Draw(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble(); // in (0, 1], so the log is finite
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
