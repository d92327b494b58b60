using WeightSpace.Core.Cnn;

namespace WeightSpace.Tests.Cnn;

public sealed class DropoutStreamTests
{
    [Theory]
    [InlineData(0.3, 48)]
    [InlineData(0.7, 2704)]
    public void Factors_keep_exactly_the_draws_at_or_above_the_threshold_in_draw_order(double rate, int count)
    {
        var threshold = DropoutStream.Threshold(rate);
        var draws = new short[count];
        new DropoutStream(17).Fill(draws);
        var factors = new float[count];
        new DropoutStream(17).FillFactors(factors, threshold, 2.5f);
        for (var i = 0; i < count; i++)
            Assert.Equal(draws[i] >= threshold ? 2.5f : 0f, factors[i]);
        Assert.InRange(factors.Count(v => v == 0f), (rate - 0.1) * count, (rate + 0.1) * count);
    }

    [Fact]
    public void A_length_the_vectors_do_not_divide_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new DropoutStream(1).FillFactors(new float[20], 0, 1f));
        Assert.Contains("20", e.Message);
    }
}
