using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class ScoresTests
{
    private static double KendallReference(double[] x, double[] y)
    {
        long concordantMinusDiscordant = 0, pairs = 0, xTies = 0, yTies = 0;
        for (var i = 0; i < x.Length; i++)
            for (var j = i + 1; j < x.Length; j++)
            {
                pairs++;
                var sx = Math.Sign(x[i] - x[j]);
                var sy = Math.Sign(y[i] - y[j]);
                if (sx == 0) xTies++;
                if (sy == 0) yTies++;
                concordantMinusDiscordant += sx * sy;
            }
        return concordantMinusDiscordant / Math.Sqrt((double)(pairs - xTies) * (pairs - yTies));
    }

    [Theory]
    [InlineData(1, 300, 6)]
    [InlineData(2, 257, 3)]
    [InlineData(3, 100, 1000)]
    public void Kendall_tau_b_matches_the_quadratic_definition_with_ties(int seed, int n, int levels)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = rng.Next(levels);
            // Correlated with x, with ties of its own.
            y[i] = Math.Round(x[i] / 2 + rng.Next(levels) / 3.0);
        }
        Assert.Equal(KendallReference(x, y), Scores.KendallTauB(x, y), 1e-12);
    }

    [Fact]
    public void Kendall_tau_b_is_one_for_a_monotone_relation_and_minus_one_reversed()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Equal(1, Scores.KendallTauB(x, [10, 20, 30, 40, 50]), 1e-15);
        Assert.Equal(-1, Scores.KendallTauB(x, [5, 4, 3, 2, 1]), 1e-15);
    }

    [Fact]
    public void Spearman_gives_ties_their_average_rank()
    {
        // Ranks x: 1, 2.5, 2.5, 4; ranks y: 1, 3, 2, 4 -> rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10).
        Assert.Equal(3 / Math.Sqrt(10), Scores.Spearman([1, 2, 2, 3], [1, 3, 2, 4]), 1e-14);
        Assert.Equal([1, 2.5, 2.5, 4], Scores.AverageRanks([1, 2, 2, 3]));
    }

    [Fact]
    public void Macro_f1_averages_classes_seen_in_truth_or_prediction()
    {
        // Class 0: F1 2/3; class 2 never predicted: 0; class 3 never true: 0; class 4 unseen: left out.
        int[] truth = [0, 0, 1, 1, 1, 2];
        int[] pred = [0, 1, 1, 1, 3, 1];
        // Class 1: TP 2, FP 2 (rows 1 and 5), FN 1 -> 4 / 7.
        Assert.Equal((2.0 / 3 + 4.0 / 7 + 0 + 0) / 4, Scores.MacroF1(truth, pred), 1e-14);
        Assert.Equal(1, Scores.MacroF1([2, 0, 2], [2, 0, 2]));
    }

    [Fact]
    public void R2_is_one_for_a_perfect_fit_and_zero_for_the_mean()
    {
        double[] y = [1, 2, 3, 4];
        Assert.Equal(1, Scores.R2(y, y));
        Assert.Equal(0, Scores.R2(y, [2.5, 2.5, 2.5, 2.5]), 1e-15);
        // SS_res = 1 + 1 = 2, SS_tot = 5 -> 0.6.
        Assert.Equal(0.6, Scores.R2(y, [2, 2, 3, 3]), 1e-14);
        Assert.Equal(0.5, Scores.Mse(y, [2, 2, 3, 3]), 1e-15);
    }

    [Fact]
    public void Pearson_matches_a_hand_value_and_is_nan_for_a_constant()
    {
        // dx = -1 0 1, dy = -1 -1 2: sxy = 3, sxx = 2, syy = 6.
        Assert.Equal(3 / Math.Sqrt(12), Scores.Pearson([1, 2, 3], [1, 1, 4]), 1e-14);
        Assert.True(double.IsNaN(Scores.Pearson([1, 1, 1], [1, 2, 3])));
    }
}
