using WeightSpace.Core.Cnn;

namespace WeightSpace.Tests.Cnn;

public sealed class DropoutStreamTests
{
    [Fact]
    public void A_mask_written_into_a_strided_layout_keeps_exactly_the_draws_at_or_above_the_threshold()
    {
        const int count = 48, run = 16, stride = 40, offset = 8;
        var threshold = DropoutStream.Threshold(0.3);
        var draws = new short[count];
        new DropoutStream(17).Fill(draws);
        var mask = new float[offset + (count / run - 1) * stride + run];
        Array.Fill(mask, -1f);
        new DropoutStream(17).FillMask(mask.AsSpan(offset), count, run, stride, threshold, 2.5f);
        for (var i = 0; i < count; i++)
            Assert.Equal(draws[i] >= threshold ? 2.5f : 0f, mask[offset + i / run * stride + i % run]);
        // Slots between runs belong to other models and are left alone.
        Assert.Equal(mask.Length - count, mask.Count(v => v == -1f));
        Assert.Contains(0f, mask);
        Assert.Contains(2.5f, mask);
    }
}
