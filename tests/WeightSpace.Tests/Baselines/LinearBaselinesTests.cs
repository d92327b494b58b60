using WeightSpace.Core.Baselines;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Baselines;

public sealed class LinearBaselinesTests
{
    /// <summary>
    /// 40 models x 3 checkpoints. Input "linear": accuracy = 0.2 + 0.5 x0 exactly; "noise": unrelated.
    /// Target "kind": class = x0 > 0.5, which "linear" separates and "noise" does not.
    /// </summary>
    private static BaselineData Data()
    {
        const int models = 40, epochs = 3;
        var n = models * epochs;
        var rng = new Random(5);
        var linear = new double[n * 2];
        var noise = new double[n * 2];
        var accuracy = new double[n];
        var kind = new int[n];
        var ids = new int[n];
        for (var r = 0; r < n; r++)
        {
            ids[r] = r / epochs;
            var x0 = rng.NextDouble();
            linear[r * 2] = x0;
            linear[r * 2 + 1] = rng.NextDouble();
            noise[r * 2] = rng.NextDouble();
            noise[r * 2 + 1] = rng.NextDouble();
            accuracy[r] = 0.2 + 0.5 * x0;
            kind[r] = x0 > 0.5 ? 1 : 0;
        }
        var split = ModelSplit.Create(Enumerable.Range(0, models).Select(m => (m, $"m{m}")), 0.6, 0.2, seed: 1);
        return new BaselineData("toy", split, ids, accuracy,
            new Dictionary<string, FeatureMatrix> { ["linear"] = new(linear, n, 2), ["noise"] = new(noise, n, 2) },
            new Dictionary<string, int[]> { ["kind"] = kind });
    }

    private static readonly BaselineOptions Options = new([0, 0.1, 10], [0.1, 1, 100], MaxTrainRows: 0, Seed: 3, Stage: "test-stage");

    [Fact]
    public void Ridge_recovers_an_exact_linear_relation_and_finds_none_in_noise()
    {
        var data = Data();
        var exact = LinearBaselines.Ridge(data, Options, "tableX", "linear", data.Inputs["linear"], kendall: true).ToDictionary(r => r.Key.Metric);
        var noise = LinearBaselines.Ridge(data, Options, "tableX", "noise", data.Inputs["noise"], kendall: false).ToDictionary(r => r.Key.Metric);

        Assert.Equal(1.0, exact["r2"].Value, 6);
        Assert.Equal(1.0, exact["kendall"].Value, 6);
        Assert.True(exact["mse"].Value < 1e-10);
        Assert.Equal(0.0, exact["alpha"].Value);
        Assert.Equal("validation", exact["alpha"].Split);
        Assert.All(exact.Values.Where(r => r.Key.Metric != "alpha"), r => Assert.Equal(("test", "tableX", "toy", "accuracy", "linreg", 3, "test-stage"),
            (r.Split, r.Key.Table, r.Key.Dataset, r.Key.Target, r.Key.Method, r.Seed, r.Stage)));
        Assert.True(noise["r2"].Value < 0.3, $"noise R² {noise["r2"].Value}");
        Assert.DoesNotContain("kendall", noise.Keys);
    }

    [Fact]
    public void Logistic_separates_the_class_its_input_determines_and_not_from_noise()
    {
        var data = Data();
        var good = LinearBaselines.Logistic(data, Options, "tableY", "kind", "linear", data.Inputs["linear"]).ToDictionary(r => r.Key.Metric);
        var bad = LinearBaselines.Logistic(data, Options, "tableY", "kind", "noise", data.Inputs["noise"]).ToDictionary(r => r.Key.Metric);

        Assert.True(good["f1"].Value > 0.9, $"f1 {good["f1"].Value}");
        Assert.True(bad["f1"].Value < 0.75, $"f1 {bad["f1"].Value}");
        Assert.Contains(good["c"].Value, Options.Cs);
        Assert.Equal(("kind", "loglinear", "test", "validation"), (good["f1"].Key.Target, good["f1"].Key.Method, good["f1"].Split, good["c"].Split));
    }

    [Fact]
    public void Rows_of_each_part_belong_to_that_part_s_models_only()
    {
        var data = Data();
        var (train, validation, test) = LinearBaselines.Rows(data);
        Assert.Equal(data.ModelIds.Length, train.Length + validation.Length + test.Length);
        var trainModels = train.Select(r => data.ModelIds[r]).ToHashSet();
        Assert.DoesNotContain(test, r => trainModels.Contains(data.ModelIds[r]));
        Assert.DoesNotContain(validation, r => trainModels.Contains(data.ModelIds[r]));
    }

    [Fact]
    public void Subsample_keeps_a_seeded_sorted_choice_or_everything()
    {
        var rows = Enumerable.Range(100, 50).ToArray();
        var picked = LinearBaselines.Subsample(rows, 10, seed: 4);
        Assert.Equal(10, picked.Length);
        Assert.Equal(picked.Order(), picked);
        Assert.All(picked, r => Assert.Contains(r, rows));
        Assert.Equal(picked, LinearBaselines.Subsample(rows, 10, seed: 4));
        Assert.NotEqual(picked, LinearBaselines.Subsample(rows, 10, seed: 5));
        Assert.Same(rows, LinearBaselines.Subsample(rows, 0, seed: 4));
        Assert.Same(rows, LinearBaselines.Subsample(rows, 50, seed: 4));
    }
}
