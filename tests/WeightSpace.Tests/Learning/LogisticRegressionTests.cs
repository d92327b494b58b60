using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class LogisticRegressionTests
{
    /// <summary>Three well separated clusters in the plane plus a noise feature.</summary>
    private static (FeatureMatrix X, int[] Y) Clusters(int seed, int perClass)
    {
        double[][] centres = [[0, 0], [6, 0], [0, 6]];
        var rng = new Random(seed);
        var n = 3 * perClass;
        var data = new double[n * 3];
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            var c = i % 3;
            y[i] = c;
            data[i * 3] = centres[c][0] + rng.NextDouble() * 2 - 1;
            data[i * 3 + 1] = centres[c][1] + rng.NextDouble() * 2 - 1;
            data[i * 3 + 2] = rng.NextDouble() * 100;
        }
        return (new FeatureMatrix(data, n, 3), y);
    }

    [Fact]
    public void Separates_a_separable_three_class_set()
    {
        var (x, y) = Clusters(seed: 3, perClass: 60);
        var model = LogisticRegression.Fit(x, y, c: 1);
        var (testX, testY) = Clusters(seed: 4, perClass: 30);

        Assert.Equal(1, Scores.MacroF1(y, model.Predict(x)));
        Assert.Equal(1, Scores.MacroF1(testY, model.Predict(testX)));
        Assert.Equal(3, model.ClassCount);
    }

    [Fact]
    public void Fitting_twice_gives_identical_probabilities()
    {
        var (x, y) = Clusters(seed: 5, perClass: 2000); // several row blocks, summed in parallel
        var a = LogisticRegression.Fit(x, y, c: 0.1).PredictProba(x);
        var b = LogisticRegression.Fit(x, y, c: 0.1).PredictProba(x);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Probabilities_sum_to_one_and_agree_with_the_predicted_class()
    {
        var (x, y) = Clusters(seed: 6, perClass: 50);
        var model = LogisticRegression.Fit(x, y, c: 0.05);
        var proba = model.PredictProba(x);
        var predicted = model.Predict(x);

        for (var r = 0; r < x.Rows; r++)
        {
            var row = proba.AsSpan(r * 3, 3);
            Assert.Equal(1, row[0] + row[1] + row[2], 1e-12);
            Assert.Equal(predicted[r], row.IndexOf(Math.Max(row[0], Math.Max(row[1], row[2]))));
        }
    }

    [Fact]
    public void A_stronger_penalty_gives_smaller_weights()
    {
        var (x, y) = Clusters(seed: 7, perClass: 50);
        double Norm(LogisticRegression m) =>
            Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(0, 3).Select(j => m.Weight(c, j))).Sum(w => w * w);

        Assert.True(Norm(LogisticRegression.Fit(x, y, c: 0.001)) < Norm(LogisticRegression.Fit(x, y, c: 1)));
    }

    [Fact]
    public void Select_c_returns_the_train_fit_with_the_best_validation_f1()
    {
        var (x, y) = Clusters(seed: 8, perClass: 40);
        var (vx, vy) = Clusters(seed: 9, perClass: 40);
        var selection = LogisticRegression.SelectC(x, y, vx, vy, [1e-4, 1e-2, 1]);

        Assert.Equal(selection.ValidationMacroF1.MaxBy(s => s.Score)!.Parameter, selection.C);
        Assert.Equal(3, selection.ValidationMacroF1.Count);
    }

    [Fact]
    public void Rejects_a_label_outside_the_classes_naming_its_row()
    {
        var x = new FeatureMatrix([1, 2, 3], rows: 3, columns: 1);
        var e = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, [0, 1, 5], c: 1, classCount: 2));
        Assert.Contains("row 2", e.Message);
    }
}
