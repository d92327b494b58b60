using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class StandardNormalTests
{
    [Fact]
    public void Draws_have_mean_0_and_variance_1()
    {
        var rng = new Random(3);
        var draws = Enumerable.Range(0, 200_000).Select(_ => StandardNormal.Draw(rng)).ToArray();
        var mean = draws.Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(draws.Average(d => (d - mean) * (d - mean)), 0.98, 1.02);
    }
}
