using System.Runtime.Intrinsics;
using WeightSpace.Core.Cnn;

namespace WeightSpace.Tests.Cnn;

public sealed class PortableMathTests
{
    private static IEnumerable<double> Grid(double from, double to, int count) => Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1));

    [Fact]
    public void Exp_and_log_agree_with_the_c_library_to_a_few_ulps()
    {
        foreach (var x in Grid(-700, 700, 20001))
            Assert.True(Math.Abs(PortableMath.Exp(x) / Math.Exp(x) - 1) < 1e-14, $"exp({x}) = {PortableMath.Exp(x)}, libm {Math.Exp(x)}");
        foreach (var x in Grid(-300, 300, 20001).Select(p => Math.Pow(10, p / 10)).Append(1.0).Append(Math.Sqrt(2)))
            Assert.True(Math.Abs(PortableMath.Log(x) - Math.Log(x)) <= 1e-15 * Math.Max(1, Math.Abs(Math.Log(x))), $"log({x}) = {PortableMath.Log(x)}, libm {Math.Log(x)}");
        Assert.Equal(0, PortableMath.Exp(-1000));
        Assert.True(PortableMath.Exp(-745) > 0);
        Assert.Equal(double.NegativeInfinity, PortableMath.Log(0));
    }

    [Fact]
    public void Vector_exp_and_tanh_agree_with_the_c_library_in_every_lane()
    {
        var xs = Grid(-20, 20, 40001).Select(v => (float)v).Concat([0f, -0f, 1e-6f, -1e-6f, 80f, -80f, 1e4f, -1e4f]).ToArray();
        for (var i = 0; i + 8 <= xs.Length; i += 8)
        {
            var v = Vector256.Create(xs.AsSpan(i, 8));
            var (tanh, exp) = (PortableMath.Tanh(v), PortableMath.Exp(v * Vector256.Create(0.25f)));
            for (var lane = 0; lane < 8; lane++)
            {
                var x = xs[i + lane];
                Assert.True(Math.Abs(tanh[lane] - Math.Tanh(x)) <= 3e-7 * Math.Max(1e-3, Math.Abs(Math.Tanh(x))) + 1e-10, $"tanh({x}) = {tanh[lane]}, libm {Math.Tanh(x)}");
                if (Math.Abs(x) <= 320) Assert.True(Math.Abs(exp[lane] / Math.Exp(x * 0.25) - 1) < 5e-7, $"exp({x * 0.25}) = {exp[lane]}, libm {Math.Exp(x * 0.25)}");
            }
        }
    }
}
