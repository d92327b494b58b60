using WeightSpace.Core.Augment;
using WeightSpace.Core.Tokens;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Augment;

public sealed class ErasingTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void The_erased_fraction_is_close_to_p(double p)
    {
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris);
        var rows = TestLayouts.RandomRows(3000, 100, seed: 1);
        var mask = Erasing.ApplyInPlace(rows, scheme, p, new Random(2));
        Assert.Equal(3000 * 9, mask.Length);
        Assert.InRange(mask.Count(m => m) / (double)mask.Length, p - 0.01, p + 0.01);
    }

    [Fact]
    public void Erased_tokens_are_zero_and_the_others_untouched()
    {
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Cnn);
        var original = TestLayouts.RandomRows(4, 4970, seed: 3);
        var rows = original.ToArray();
        var mask = Erasing.ApplyInPlace(rows, scheme, 0.5, new Random(4));
        Assert.Contains(true, mask);
        Assert.Contains(false, mask);
        for (var s = 0; s < 4; s++)
            for (var t = 0; t < scheme.Count; t++)
                foreach (var i in scheme.Indices(t))
                    Assert.Equal(mask[s * 58 + t] ? 0f : original[s * 4970 + i], rows[s * 4970 + i]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Rejects_a_probability_outside_0_1(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Erasing.ApplyInPlace(new float[100], TokenScheme.Layer(TestLayouts.Tetris), p, new Random(1)));
}
