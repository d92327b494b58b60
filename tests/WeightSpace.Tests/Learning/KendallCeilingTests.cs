using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class KendallCeilingTests
{
    [Fact]
    public void Targets_without_ties_allow_a_perfect_ranking()
    {
        Assert.Equal(1.0, Scores.KendallTauBCeiling([0.3, 0.1, 0.2, 0.9]));
    }

    [Fact]
    public void One_tied_pair_of_three_caps_tau_b_at_the_root_of_two_thirds()
    {
        // n0 = 3 pairs, n1 = 1 tied: sqrt(2/3). A prediction that breaks the tie reaches it exactly.
        Assert.Equal(Math.Sqrt(2.0 / 3), Scores.KendallTauBCeiling([1, 1, 2]), 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), Scores.KendallTauB([1, 1, 2], [1, 1.1, 2]), 12);
    }

    [Fact]
    public void A_prediction_tied_exactly_where_the_targets_tie_reaches_one_which_is_why_the_ceiling_is_for_tie_free_predictions()
    {
        double[] y = [0.1, 0.1, 0.1, 0.5, 0.7, 0.7];
        Assert.Equal(1.0, Scores.KendallTauB(y, y), 12);
        Assert.True(Scores.KendallTauBCeiling(y) < 1);
    }

    [Theory]
    [InlineData(new double[] { 0.1, 0.1, 0.1, 0.5, 0.7, 0.7 })]
    [InlineData(new double[] { 2, 2, 1, 1, 3 })]
    [InlineData(new double[] { 5, 5, 5, 5, 4, 6 })]
    [InlineData(new double[] { 0, 1, 2, 3, 3 })]
    public void Equals_the_best_tau_b_over_every_tie_free_ordering_found_by_brute_force(double[] y)
    {
        var best = double.NegativeInfinity;
        foreach (var ranks in Permutations(Enumerable.Range(0, y.Length).ToArray()))
            best = Math.Max(best, Scores.KendallTauB(y, ranks.Select(r => (double)r).ToArray()));
        Assert.Equal(best, Scores.KendallTauBCeiling(y), 12);
    }

    [Fact]
    public void Is_undefined_for_a_constant_target()
    {
        Assert.True(double.IsNaN(Scores.KendallTauBCeiling([0.1, 0.1, 0.1])));
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (var i = 0; i < items.Length; i++)
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                yield return [items[i], .. rest];
    }
}
