using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// exp, log and tanh built from IEEE additions, multiplications and divisions only, so they give
/// the same bits on every x86-64 machine: the C library's expf/tanhf (what MathF calls) may differ
/// between libm versions, and the vector forms below give the same bits whether the JIT runs them
/// as AVX, SSE or scalar code (each lane is an independent chain of correctly rounded operations;
/// .NET never contracts a multiply and an add into an FMA on its own). Accurate to a few ulps,
/// which is all a training step needs; the point is that they are the same everywhere.
/// </summary>
public static class PortableMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // ln 2 split so n·Ln2Hi is exact for |n| < 2^11
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const float Ln2HiF = 0.693359375f; // 9 significant bits: n·Ln2HiF is exact for |n| < 2^15
    private const float Ln2LoF = -2.12194440e-4f;
    private static readonly double[] InverseFactorials = Enumerable.Range(0, 14).Select(k => 1.0 / Enumerable.Range(1, k).Aggregate(1.0, (a, b) => a * b)).ToArray();

    /// <summary>e^x in double precision (x below -746 gives 0, above 709 the largest power 2^1023·e^r).</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < -746) return 0;
        x = Math.Min(x, 709);
        var n = Math.Round(x * 1.4426950408889634); // ties to even: deterministic
        var r = x - n * Ln2Hi - n * Ln2Lo; // |r| <= ln2/2
        var p = InverseFactorials[13];
        for (var k = 12; k >= 0; k--) p = p * r + InverseFactorials[k]; // Taylor to r^13: error below 2e-16
        return Math.ScaleB(p, (int)n);
    }

    /// <summary>Natural logarithm of a positive finite double (0 gives -infinity).</summary>
    public static double Log(double x)
    {
        if (x <= 0 || double.IsNaN(x)) return x == 0 ? double.NegativeInfinity : double.NaN;
        var e = Math.ILogB(x);
        var m = Math.ScaleB(x, -e); // [1, 2)
        if (m > 1.4142135623730951) { m *= 0.5; e++; } // [sqrt(1/2), sqrt(2)]: |s| <= 0.172
        var s = (m - 1) / (m + 1);
        var z = s * s;
        var series = 1.0 / 23;
        for (var k = 21; k >= 1; k -= 2) series = series * z + 1.0 / k; // atanh series: log m = 2 s (1 + z/3 + z^2/5 + ...)
        return e * Ln2Hi + (2 * s * series + e * Ln2Lo);
    }

    /// <summary>e^x per lane, single precision (inputs clamped to [-87, 88]).</summary>
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var (q, n) = Reduce(x);
        return (q + Vector256<float>.One) * PowerOfTwo(n);
    }

    /// <summary>e^x − 1 per lane, accurate near 0 too (where e^x − 1 would cancel).</summary>
    public static Vector256<float> ExpM1(Vector256<float> x)
    {
        var (q, n) = Reduce(x);
        var large = (q + Vector256<float>.One) * PowerOfTwo(n) - Vector256<float>.One;
        return Vector256.ConditionalSelect(Vector256.Equals(n, Vector256<float>.Zero), q, large);
    }

    // x = n·ln2 + r with |r| <= ~0.35; returns e^r − 1 (Taylor to r^7, error below 1e-8 relative to e^r) and n.
    private static (Vector256<float> Q, Vector256<float> N) Reduce(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87f)), Vector256.Create(88f));
        var n = Vector256.Floor(x * Vector256.Create(1.44269504f) + Vector256.Create(0.5f));
        var r = x - n * Vector256.Create(Ln2HiF) - n * Vector256.Create(Ln2LoF);
        var p = Vector256.Create(1f / 5040); // Horner form with separate multiply and add
        p = p * r + Vector256.Create(1f / 720);
        p = p * r + Vector256.Create(1f / 120);
        p = p * r + Vector256.Create(1f / 24);
        p = p * r + Vector256.Create(1f / 6);
        p = p * r + Vector256.Create(0.5f);
        p = p * r + Vector256<float>.One;
        return (p * r, n);
    }

    private static Vector256<float> PowerOfTwo(Vector256<float> n) =>
        Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();

    /// <summary>tanh per lane: sign(x)·(1 − e^−2|x|)/(1 + e^−2|x|), through e^y − 1 so small |x| keeps its precision.</summary>
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var e = ExpM1(Vector256.Create(-2f) * Vector256.Abs(x)); // (−1, 0]
        var t = -e / (Vector256.Create(2f) + e);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -t, t);
    }
}
