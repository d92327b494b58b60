using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class VectorMathTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(37)]
    [InlineData(1001)]
    public void Dot_sums_in_four_fixed_lanes_whatever_the_cpu_vector_width(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2e3 - 1e3).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1e-3).ToArray();
        // The reference order, written out: lane k holds elements k, k+4, ...; then (l0+l1)+(l2+l3); then the tail.
        var lanes = new double[4];
        var full = n / 4 * 4;
        for (var i = 0; i < full; i++) lanes[i % 4] += x[i] * y[i];
        var expected = lanes[0] + lanes[1] + (lanes[2] + lanes[3]);
        for (var i = full; i < n; i++) expected += x[i] * y[i];
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(VectorMath.Dot(x, y)));
    }
}
