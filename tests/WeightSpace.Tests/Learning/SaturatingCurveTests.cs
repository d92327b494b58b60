using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class SaturatingCurveTests
{
    private static readonly double[] Models = [44, 88, 175, 350];

    [Fact]
    public void The_fit_recovers_the_parameters_of_a_curve_measured_without_noise()
    {
        var truth = new SaturatingCurve(0.95, 2.0, 0.6);
        var n = Models.SelectMany(m => new[] { m, m, m }).ToArray();
        var fit = SaturatingCurve.Fit(n, n.Select(truth.At).ToArray())!;
        Assert.Equal(0.95, fit.Max, 6);
        Assert.Equal(2.0, fit.A, 4);
        Assert.Equal(0.6, fit.B, 4);
    }

    [Fact]
    public void The_fit_recovers_known_parameters_from_noisy_seeds_within_a_few_bootstrap_deviations()
    {
        var truth = new SaturatingCurve(0.9, 1.5, 0.5);
        var random = new Random(7);
        var n = new List<double>();
        var score = new List<double>();
        foreach (var m in new double[] { 20, 40, 80, 160, 320, 640 })
            for (var seed = 0; seed < 5; seed++)
            {
                n.Add(m);
                score.Add(truth.At(m) + 0.005 * (random.NextDouble() * 2 - 1));
            }
        var fit = SaturatingFit.Of(n, score, replicates: 200, seed: 1)!;
        Assert.Equal(200, fit.Replicates);
        Assert.InRange(fit.MaxSd, 1e-4, 0.05);
        Assert.InRange(fit.Curve.Max, 0.9 - 4 * fit.MaxSd, 0.9 + 4 * fit.MaxSd);
        Assert.InRange(fit.Curve.B, 0.4, 0.6);
    }

    [Fact]
    public void Seeds_that_agree_give_a_bootstrap_deviation_of_zero()
    {
        var truth = new SaturatingCurve(0.8, 1.0, 1.0);
        var n = Models.SelectMany(m => new[] { m, m, m }).ToArray();
        Assert.Equal(0, SaturatingFit.Of(n, n.Select(truth.At).ToArray(), replicates: 50, seed: 0)!.MaxSd, 9);
    }

    [Fact]
    public void The_curve_reaches_a_target_below_its_level_where_the_formula_says_and_never_one_above_it()
    {
        var curve = new SaturatingCurve(0.9, 0.8, 0.5);
        Assert.Equal(256, curve.ModelsToReach(0.85)!.Value, 6); // 0.9 - 0.8 / sqrt(256) = 0.85
        Assert.Equal(0.85, curve.At(256), 12);
        Assert.Null(curve.ModelsToReach(0.9));
        Assert.Null(curve.ModelsToReach(0.95));
        Assert.Equal(1, new SaturatingCurve(0.9, -0.2, 0.5).ModelsToReach(0.8));
    }

    [Fact]
    public void Fewer_than_three_model_counts_or_a_score_that_is_not_finite_cannot_be_fitted()
    {
        Assert.Null(SaturatingCurve.Fit([10, 10, 20, 20], [0.1, 0.2, 0.3, 0.4]));
        Assert.Null(SaturatingCurve.Fit([10, 20, 40], [0.1, double.NaN, 0.3]));
        Assert.Null(SaturatingFit.Of([10, 20], [0.1, 0.2], replicates: 10, seed: 0));
    }
}
