using WeightSpace.Bench;
using WeightSpace.Core.Baselines;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Experiments;

/// <summary>Tables 3 and 8 on a synthetic zoo in the CNN format whose weight spread grows with accuracy.</summary>
[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class CnnTablesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ZooDataset Data, WeightLayout Layout) Zoo(int models, int epochs) => SyntheticCnnDataset.Load(_dir, models, epochs);

    [Fact]
    public void The_per_layer_statistics_are_Unterthiners_56_kernel_and_bias_features()
    {
        var stats = Table8.LayerStatistics(WeightLayout.Create(SyntheticCnnZoo.Entries));
        Assert.Equal(56, stats.FeatureCount);
        Assert.Equal("layer0.kernel:mean", stats.FeatureNames[0]);
        Assert.Equal("layer0.bias:std", stats.FeatureNames[8]);
        Assert.Equal("layer3.bias:p100", stats.FeatureNames[^1]);

        // Layer 3's bias is weights [4800, 4810): here 0..9, so std = sqrt(8.25) and p25 = 2.25.
        var row = new float[4970];
        for (var i = 0; i < 10; i++) row[4800 + i] = i;
        var features = stats.Compute(row.AsSpan());
        Assert.Equal(Math.Sqrt(8.25), features[0, 56 - 6], 12);
        Assert.Equal(2.25, features[0, 56 - 4], 12);
    }

    [Fact]
    public void Table3_writes_the_reference_keys_and_finds_the_planted_spread()
    {
        var (data, layout) = Zoo(models: 40, epochs: 4);
        var global = new WeightStatistics(layout, StatisticSet.Default, StatisticScope.Global).Compute(data.Weights.AsMemory());
        var baseline = new BaselineData("mnist", data.Split, data.ModelIds, data.Accuracy,
            new Dictionary<string, FeatureMatrix> { ["stats-global"] = global }, new Dictionary<string, int[]>());
        var rows = Table3.Rows(baseline, new BaselineOptions([0, 1], [1], 0, 7, "test-stage")).ToList();

        Assert.All(rows, r => Assert.Equal(("table3", "mnist", "accuracy"), (r.Key.Table, r.Key.Dataset, r.Key.Target)));
        Assert.Equal(["stat:mean", "stat:var", "stat:p0", "stat:p25", "stat:p50", "stat:p75", "stat:p100", "stats-global", "targets"],
            rows.Select(r => r.Key.Input).Distinct());
        var key = (string input, string metric) => rows.Single(r => r.Key.Input == input && r.Key.Metric == metric && r.Split == "test").Value;
        Assert.True(key("stat:var", "spearman") > 0.8);
        Assert.True(key("stat:var", "kendall") > 0.6);
        Assert.InRange(key("stat:mean", "r2"), -0.5, 0.3); // the mean carries no signal
        var ceiling = key("targets", "kendall");
        Assert.InRange(ceiling, 0.5, 0.999); // every epoch-0 checkpoint ties at 0.1
        Assert.True(key("stat:var", "kendall") <= ceiling + 1e-12);
    }

    [Fact]
    public void Table8_gradient_boosting_on_layer_statistics_predicts_the_planted_accuracy()
    {
        var (data, layout) = Zoo(models: 60, epochs: 4);
        var table = new Table8Data("mnist", data, layout, ExperimentRows.Of(data, 1));
        var results = Table8.GradientBoosting(table, new GradientBoostingConfig(Trees: 100, Leaves: 7, LearningRate: 0.1, MinLeafRows: 5, EarlyStoppingRounds: 20), _ => { }).ToList();
        Assert.Equal([("gbm-paper", "weights"), ("gbm-paper", "stats-layer")], results.Select(r => (r.Method, r.Input)));
        var stats = results[1];
        Assert.True(stats.R2 > 0.9, $"R² {stats.R2}");
        Assert.True(stats.Kendall > 0.7, $"tau {stats.Kendall}");
        var metricRows = stats.ToRows("mnist", 0, "s").ToList();
        Assert.Equal(["r2", "mse", "kendall", "trees"], metricRows.Select(r => r.Key.Metric));
        Assert.Equal("validation", metricRows[^1].Split);
        Assert.InRange(Table8.CeilingRow(table, 0, "s").Value, stats.Kendall, 1);
    }

    [Fact]
    public void Table8_networks_train_on_standardised_weights_and_report_their_size()
    {
        var (data, layout) = Zoo(models: 30, epochs: 3);
        var table = new Table8Data("fashion", data, layout, ExperimentRows.Of(data, 1));
        var (train, _, test) = table.Standardized();
        // Standardised with the training rows' statistics: each weight has mean 0 there.
        var p = data.Parameters;
        var n = table.Rows.Train.Length;
        Assert.InRange(Enumerable.Range(0, n).Average(i => train[i * p + 17]), -1e-5, 1e-5);
        Assert.Equal(table.Rows.Test.Length * p, test.Length);

        var trainer = new TrainerConfig(Epochs: 2, BatchSize: 16, LearningRate: 1e-3, WarmupEpochs: 0, Patience: null, Seed: 5);
        var spec = Table8.ThesisModels(thesisSizes: false).Single(m => m.Method == "mlplayer-sum");
        var first = Table8.Train(spec, table, trainer, _ => { });
        var again = Table8.Train(spec, table, trainer, _ => { });
        Assert.Equal(first.R2, again.R2); // same seed, same numbers
        Assert.True(double.IsFinite(first.R2) && double.IsFinite(first.Kendall));
        Assert.Equal(2, first.Epochs);
        Assert.InRange(first.Size, 700_000, 900_000);
        Assert.Equal("params", first.ToRows("fashion", 0, "s").Last().Key.Metric);
    }
}
