using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Learning;

/// <summary>Small SIMD kernels in double precision. Fixed summation order, so results repeat run to run.</summary>
public static class VectorMath
{
    /// <summary>
    /// x . y with four partial sums (lane k adds elements k, k+4, ...) added in a fixed order. The
    /// lane count is fixed at 4, not Vector&lt;double&gt;.Count: that count follows the CPU (2 without
    /// AVX2, 8 with AVX-512 and a wider preferred width) and with it the rounding of the sum.
    /// </summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        var i = 0;
        var acc = Vector256<double>.Zero;
        if (n >= Vector256<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector256<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector256<double>>(y[..n]);
            for (var k = 0; k < vx.Length; k++) acc += vx[k] * vy[k];
            i = vx.Length * Vector256<double>.Count;
        }
        var sum = acc.GetElement(0) + acc.GetElement(1) + (acc.GetElement(2) + acc.GetElement(3));
        for (; i < n; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y += a * x (double or float; each element one multiply, then one add, whatever the vector width).</summary>
    public static void Axpy<T>(T a, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        var n = x.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..n]);
            var va = new Vector<T>(a);
            for (var k = 0; k < vx.Length; k++) vy[k] += va * vx[k];
            i = vx.Length * Vector<T>.Count;
        }
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>
    /// Solves A x = b for a symmetric positive definite A (row-major n x n, only the lower triangle
    /// is read) by Cholesky. If A is numerically singular (e.g. collinear features with no
    /// penalty) a tiny ridge, starting at 1e-12 of the largest diagonal entry, is added until the
    /// factorisation succeeds: this picks a near-minimum-norm solution instead of failing.
    /// </summary>
    public static double[] SolveSpd(double[] a, double[] b, int n)
    {
        var maxDiag = 0.0;
        for (var i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, a[i * n + i]);
        if (maxDiag <= 0) maxDiag = 1;
        var l = new double[n * n];
        for (var jitter = 0.0; ; jitter = jitter == 0 ? 1e-12 * maxDiag : jitter * 100)
        {
            if (jitter > maxDiag) throw new InvalidOperationException("the normal equations are not positive definite even with a ridge; are there non-finite features?");
            if (TryCholesky(a, l, n, jitter, 1e-14 * maxDiag)) break;
        }
        // Forward then backward substitution: L z = b, L' x = z.
        var x = (double[])b.Clone();
        for (var i = 0; i < n; i++)
        {
            var s = x[i] - Dot(l.AsSpan(i * n, i), x.AsSpan(0, i));
            x[i] = s / l[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = x[i];
            for (var k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    private static bool TryCholesky(double[] a, double[] l, int n, double jitter, double minPivot)
    {
        Array.Clear(l);
        for (var i = 0; i < n; i++)
        {
            var li = l.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                var s = a[i * n + j] - Dot(li[..j], l.AsSpan(j * n, j));
                if (i == j)
                {
                    s += jitter;
                    if (!(s > minPivot)) return false;
                    li[i] = Math.Sqrt(s);
                }
                else li[j] = s / l[j * n + j];
            }
        }
        return true;
    }
}
