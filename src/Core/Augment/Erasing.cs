using WeightSpace.Core.Tokens;

namespace WeightSpace.Core.Augment;

/// <summary>
/// Random erasing on tokens (thesis §3): each token is independently set to zero with
/// probability p. The returned mask (n x Count, true = erased) lets a loss skip or weight them.
/// </summary>
public static class Erasing
{
    /// <summary>Erases tokens of flat rows (n x P) in place, the token cut given by <paramref name="scheme"/>.</summary>
    public static bool[] ApplyInPlace(Span<float> rows, TokenScheme scheme, double p, Random rng)
    {
        CheckProbability(p);
        var size = scheme.ParameterCount;
        if (rows.Length % size != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of P = {size} weights", nameof(rows));
        var n = rows.Length / size;
        var mask = new bool[n * scheme.Count];
        for (var s = 0; s < n; s++)
        {
            var row = rows.Slice(s * size, size);
            for (var t = 0; t < scheme.Count; t++)
            {
                if (rng.NextDouble() >= p) continue;
                mask[s * scheme.Count + t] = true;
                foreach (var i in scheme.Indices(t))
                    if (i != TokenScheme.Padding) row[i] = 0f;
            }
        }
        return mask;
    }

    private static void CheckProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "the erasing probability must lie in [0, 1]");
    }
}
