using System.Numerics;

namespace WeightSpace.Core.Manifold;

/// <summary>Squared euclidean distance with a fixed summation order (SIMD lanes, then the tail), so it is reproducible.</summary>
internal static class Euclidean
{
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var acc = Vector<float>.Zero;
        var i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var diff = new Vector<float>(x[i..]) - new Vector<float>(y[i..]);
            acc += diff * diff;
        }
        var sum = Vector.Sum(acc);
        for (; i < x.Length; i++)
        {
            var diff = x[i] - y[i];
            sum += diff * diff;
        }
        return sum;
    }

    public static float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => MathF.Sqrt(SquaredDistance(x, y));
}
