using WeightSpace.Core.Training;

namespace WeightSpace.Tests.Training;

public sealed class RSquaredTests
{
    [Fact]
    public void A_perfect_reconstruction_scores_one()
    {
        float[] x = [1, 2, 3, 4, 5, 7];
        Assert.Equal(1.0, RSquared.Pooled(x, x, width: 2));
    }

    [Fact]
    public void Predicting_each_weights_own_mean_scores_zero()
    {
        // Columns have very different means; a global mean would score this clearly above 0.
        float[] x = [0, 100, 2, 104, 4, 102];
        float[] means = [2, 102, 2, 102, 2, 102];
        Assert.Equal(0.0, RSquared.Pooled(x, means, width: 2), 12);
    }

    [Fact]
    public void Pools_the_squared_errors_of_all_weights()
    {
        float[] x = [0, 0, 2, 4];      // column means 1, 2; SS_tot = 1 + 1 + 4 + 4 = 10
        float[] y = [1, 0, 2, 2];      // SS_res = 1 + 4 = 5
        Assert.Equal(0.5, RSquared.Pooled(x, y, width: 2), 12);
    }

    [Fact]
    public void Rejects_mismatched_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => RSquared.Pooled(new float[4], new float[6], 2));
        Assert.Contains("4 targets but 6 predictions", e.Message);
    }
}
