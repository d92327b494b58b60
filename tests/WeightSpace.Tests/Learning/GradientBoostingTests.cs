using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class GradientBoostingTests
{
    // y = step(x0) + x1^2 on 3 features, the third pure noise: trees fit it, a line would not.
    private static (FeatureMatrix X, double[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * 3];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < 3; j++) x[i * 3 + j] = rng.NextDouble() * 2 - 1;
            y[i] = (x[i * 3] > 0 ? 1 : 0) + x[i * 3 + 1] * x[i * 3 + 1];
        }
        return (new FeatureMatrix(x, n, 3), y);
    }

    private static readonly GradientBoostingConfig Config = new(Trees: 200, Leaves: 15, LearningRate: 0.1, MinLeafRows: 5, EarlyStoppingRounds: 20);

    [Fact]
    public void Fits_a_nonlinear_relation_that_it_has_not_seen_the_test_rows_of()
    {
        var (train, yTrain) = Data(600, 1);
        var (validation, yValidation) = Data(200, 2);
        var (test, yTest) = Data(300, 3);
        var model = GradientBoosting.Fit(train, yTrain, validation, yValidation, Config);
        Assert.True(Scores.R2(yTest, model.Predict(test)) > 0.9);
        Assert.InRange(model.Trees, 1, 200);
    }

    [Fact]
    public void Gives_identical_predictions_for_the_same_data_and_seed_from_floats_or_doubles()
    {
        var (train, yTrain) = Data(300, 4);
        var (validation, yValidation) = Data(100, 5);
        var a = GradientBoosting.Fit(train, yTrain, validation, yValidation, Config).Predict(validation);
        var floats = Array.ConvertAll(train.Data, v => (float)v);
        var validationFloats = Array.ConvertAll(validation.Data, v => (float)v);
        var b = GradientBoosting.Fit(floats, 3, yTrain, validationFloats, yValidation, Config with { Threads = 2 }).Predict(validationFloats, 3);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Rejects_rows_with_another_feature_count_than_it_was_fitted_on()
    {
        var (train, yTrain) = Data(100, 6);
        var model = GradientBoosting.Fit(train, yTrain, train, yTrain, Config with { Trees = 5 });
        var e = Assert.Throws<ArgumentException>(() => model.Predict(new float[8], 2));
        Assert.Contains("3 features", e.Message);
    }
}
