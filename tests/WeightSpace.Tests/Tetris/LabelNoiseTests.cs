using WeightSpace.Core.Tetris;

namespace WeightSpace.Tests.Tetris;

public sealed class LabelNoiseTests
{
    [Fact]
    public void The_noise_share_is_the_mean_binomial_variance_over_the_variance_of_the_accuracies()
    {
        // a(1-a)/100: 0.0025 and 0.0021, mean 0.0023; variance of {0.5, 0.7} = 0.01.
        var noise = LabelNoise.Of([0.5f, 0.7f], 100);
        Assert.Equal(0.0023, noise.NoiseVariance, 1e-7);
        Assert.Equal(0.01, noise.AccuracyVariance, 1e-7);
        Assert.Equal(0.23, noise.Share, 1e-5);
        Assert.Equal(0.77, noise.R2Ceiling, 1e-5);
    }

    [Fact]
    public void More_test_images_leave_less_of_the_variance_to_noise()
    {
        float[] accuracy = [0.4f, 0.55f, 0.6f, 0.8f];
        Assert.Equal(LabelNoise.Of(accuracy, 65).Share / 50, LabelNoise.Of(accuracy, 65 * 50).Share, 1e-9);
        Assert.True(double.IsNaN(LabelNoise.Of([0.5f, 0.5f], 65).Share), "equal accuracies have no variance to share");
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelNoise.Of(accuracy, 0));
    }
}
