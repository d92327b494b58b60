using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Manifold;

/// <summary>
/// Squared euclidean distance with a fixed summation order, so it is reproducible on any x86-64:
/// eight partial sums (lane k adds elements k, k+8, ...) added pairwise in a fixed order, then the
/// tail. The lane count is fixed at 8 (Vector256), not Vector&lt;float&gt;.Count, which follows the
/// CPU (4 without AVX2) and with it the rounding of the sum.
/// </summary>
internal static class Euclidean
{
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var acc = Vector256<float>.Zero;
        var i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var diff = Vector256.Create(x.Slice(i, Vector256<float>.Count)) - Vector256.Create(y.Slice(i, Vector256<float>.Count));
            acc += diff * diff;
        }
        var sum = ((acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3)))
                + ((acc.GetElement(4) + acc.GetElement(5)) + (acc.GetElement(6) + acc.GetElement(7)));
        for (; i < x.Length; i++)
        {
            var diff = x[i] - y[i];
            sum += diff * diff;
        }
        return sum;
    }

    public static float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => MathF.Sqrt(SquaredDistance(x, y));
}
