using TorchSharp;
using static TorchSharp.torch;

namespace WeightSpace.Core.Torch;

/// <summary>
/// Tensor addition without a temporary Scalar. TorchSharp 0.107's <c>a + b</c> (and
/// <c>a.add(b)</c>) is <c>a.add(b, 1)</c>: the implicit <c>1</c> becomes a native Scalar with a
/// finalizer that dispose scopes do not track, so a garbage collection during the native call can
/// free it while libtorch reads it. It showed as a rare "Expected false to be true" from
/// <c>Scalar::toFloat</c> in a transformer block's residual (bench attnpred, one run in ten). Here
/// the alpha is one Scalar held for the life of the process; the result is the same add.
/// </summary>
public static class TensorAdd
{
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>, broadcasting as <c>+</c> does.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><paramref name="a"/> += <paramref name="b"/> in place (<c>a.add_(b)</c>, which has the same temporary Scalar).</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary><paramref name="a"/> += <paramref name="b"/> in place for a Scalar <paramref name="b"/> (<c>a.add_(b)</c> makes a temporary alpha 1 too).</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar b) => a.add_(b, One);
}
