using TorchSharp;
using WeightSpace.Core.Augment;
using WeightSpace.Tests.Torch;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Augment;

[Collection(TorchCollection.Name)]
public sealed class GaussianNoiseTests
{
    /// <summary>10 log10(signal power / noise power), pooled over every value.</summary>
    private static double MeasuredSnrDb(float[] clean, float[] noisy)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            signal += (double)clean[i] * clean[i];
            var d = (double)noisy[i] - clean[i];
            noise += d * d;
        }
        return 10 * Math.Log10(signal / noise);
    }

    private static float[] Noisy(float[] rows, int width, double snrDb, int seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        return GaussianNoise.Add(tensor(rows).view(-1, width), snrDb).data<float>().ToArray();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(20.0)]
    [InlineData(-5.0)]
    public void Measured_snr_matches_the_target_within_a_tenth_of_a_db(double snrDb)
    {
        var rows = TestLayouts.RandomRows(2000, 100, seed: 1);
        Assert.InRange(MeasuredSnrDb(rows, Noisy(rows, 100, snrDb, seed: 2)), snrDb - 0.1, snrDb + 0.1);
    }

    [Fact]
    public void Each_row_gets_noise_at_its_own_power()
    {
        // Row 1 is 1000x row 0: per-sample power gives both the target SNR.
        var small = TestLayouts.RandomRows(1, 20000, seed: 3, scale: 0.001);
        var rows = small.Concat(small.Select(v => v * 1000)).ToArray();
        var noisy = Noisy(rows, 20000, 10, seed: 4);
        Assert.InRange(MeasuredSnrDb(rows[..20000], noisy[..20000]), 9.9, 10.1);
        Assert.InRange(MeasuredSnrDb(rows[20000..], noisy[20000..]), 9.9, 10.1);
    }

    [Fact]
    public void Noise_sigma_follows_the_formula()
    {
        // Every value 2: mean square 4, so at 10 dB sigma = sqrt(4 * 0.1) = 0.632.
        var rows = Enumerable.Repeat(2f, 100_000).ToArray();
        var noise = Noisy(rows, 100_000, 10, seed: 5).Select(v => v - 2.0).ToArray();
        var std = Math.Sqrt(noise.Average(d => d * d));
        Assert.InRange(std, Math.Sqrt(0.4) * 0.99, Math.Sqrt(0.4) * 1.01);
    }

    [Fact]
    public void The_same_torch_seed_gives_the_same_noise_and_another_seed_differs()
    {
        var rows = TestLayouts.RandomRows(5, 100, seed: 1);
        Assert.Equal(Noisy(rows, 100, 10, seed: 7), Noisy(rows, 100, 10, seed: 7));
        Assert.NotEqual(Noisy(rows, 100, 10, seed: 7), Noisy(rows, 100, 10, seed: 8));
    }

    [Fact]
    public void No_gradient_flows_through_sigma()
    {
        // d(x + n * sigma(x))/dx is 1 when sigma is treated as a constant, as the noise is.
        using var scope = NewDisposeScope();
        var x = tensor(TestLayouts.RandomRows(3, 10, seed: 2)).view(3, 10).requires_grad_();
        GaussianNoise.Add(x, 0).sum().backward();
        Assert.All(x.grad!.data<float>().ToArray(), g => Assert.Equal(1f, g));
    }

    [Fact]
    public void Rejects_an_infinite_snr_and_a_vector()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianNoise.Add(zeros(2, 3), double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => GaussianNoise.Add(zeros(6), 10));
    }
}
