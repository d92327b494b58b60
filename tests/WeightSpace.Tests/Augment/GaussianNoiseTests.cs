using WeightSpace.Core.Augment;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Augment;

public sealed class GaussianNoiseTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(20.0)]
    [InlineData(-5.0)]
    public void Measured_snr_matches_the_target_within_a_tenth_of_a_db(double snrDb)
    {
        var rows = TestLayouts.RandomRows(2000, 100, seed: 1);
        var noisy = GaussianNoise.Apply(rows, 100, snrDb, new Random(2));
        Assert.InRange(GaussianNoise.MeasureSnrDb(rows, noisy), snrDb - 0.1, snrDb + 0.1);
    }

    [Fact]
    public void Each_row_gets_noise_at_its_own_power()
    {
        // Row 1 is 1000x row 0: per-sample power gives both the target SNR.
        var small = TestLayouts.RandomRows(1, 20000, seed: 3, scale: 0.001);
        var rows = small.Concat(small.Select(v => v * 1000)).ToArray();
        var noisy = GaussianNoise.Apply(rows, 20000, 10, new Random(4));
        Assert.InRange(GaussianNoise.MeasureSnrDb(rows.AsSpan(0, 20000), noisy.AsSpan(0, 20000)), 9.9, 10.1);
        Assert.InRange(GaussianNoise.MeasureSnrDb(rows.AsSpan(20000), noisy.AsSpan(20000)), 9.9, 10.1);
    }

    [Fact]
    public void Sigma_follows_the_formula()
    {
        // Mean square of (3, 4) is 12.5; at 10 dB sigma = sqrt(1.25).
        Assert.Equal(Math.Sqrt(1.25), GaussianNoise.Sigma([3f, 4f], 10), 12);
    }

    [Fact]
    public void The_same_seed_gives_the_same_noise_and_another_seed_differs()
    {
        var rows = TestLayouts.RandomRows(5, 100, seed: 1);
        Assert.Equal(GaussianNoise.Apply(rows, 100, 10, new Random(7)), GaussianNoise.Apply(rows, 100, 10, new Random(7)));
        Assert.NotEqual(GaussianNoise.Apply(rows, 100, 10, new Random(7)), GaussianNoise.Apply(rows, 100, 10, new Random(8)));
    }

    [Fact]
    public void Standard_normal_draws_have_mean_0_and_variance_1()
    {
        var rng = new Random(3);
        var draws = Enumerable.Range(0, 200_000).Select(_ => GaussianNoise.StandardNormal(rng)).ToArray();
        var mean = draws.Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(draws.Average(d => (d - mean) * (d - mean)), 0.98, 1.02);
    }

    [Fact]
    public void Rejects_a_partial_row() =>
        Assert.Throws<ArgumentException>(() => GaussianNoise.Apply(new float[150], 100, 10, new Random(1)));
}
