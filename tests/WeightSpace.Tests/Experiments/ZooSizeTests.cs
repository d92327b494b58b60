using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Experiments;

/// <summary>The zoo-size law's subsets (by model, nested, seeded) and its table.</summary>
public sealed class ZooSizeTests
{
    private static readonly double[] Fractions = [0.125, 0.25, 0.5, 1];

    [Fact]
    public void Each_seeds_smaller_shares_are_among_its_larger_ones_and_all_are_training_models()
    {
        using var dir = new TempDir();
        var (data, _) = SyntheticCnnDataset.Load(dir, models: 30, epochs: 3);
        var train = data.Split.ModelsIn(SplitPart.Train).Order().ToArray();
        foreach (var seed in new[] { 0, 1, 2 })
        {
            var order = ZooSize.ModelOrder(data, seed);
            Assert.Equal(train, order.Order());
            var shares = Fractions.Select(f => order[..ZooSize.Count(f, order.Length)].ToHashSet()).ToList();
            Assert.Equal([2, 5, 9, 18], shares.Select(s => s.Count)); // 18 training models: round(f · 18), at least one
            for (var i = 1; i < shares.Count; i++) Assert.Subset(shares[i], shares[i - 1]);
        }
        Assert.NotEqual(ZooSize.ModelOrder(data, 0)[..5], ZooSize.ModelOrder(data, 1)[..5]);
        Assert.Equal(ZooSize.ModelOrder(data, 2), ZooSize.ModelOrder(data, 2));
    }

    [Fact]
    public void A_share_keeps_every_checkpoint_of_its_models_and_the_same_validation_and_test_rows()
    {
        using var dir = new TempDir();
        var (data, _) = SyntheticCnnDataset.Load(dir, models: 30, epochs: 3);
        var rows = ExperimentRows.Of(data, 1);
        var models = ZooSize.ModelOrder(data, 0)[..4];
        var kept = ZooSize.Keep(rows, data, models);
        Assert.Equal(rows.Validation, kept.Validation);
        Assert.Equal(rows.Test, kept.Test);
        Assert.Equal(models.Order(), kept.Train.Select(r => data.ModelIds[r]).Distinct().Order());
        Assert.Equal(models.Sum(m => data.ModelIds.Count(id => id == m)), kept.Train.Length);
        Assert.Equal(kept.Train.Order(), kept.Train); // in file order, as the tables train
    }

    private static ReportRow Ours(string method, string input, string augmentation, string config, string metric, double value, int runs = 1) =>
        new(ZooSize.Table, "mnist", "accuracy", method, input, augmentation, config, metric, null, value, runs, "");

    [Fact]
    public void The_table_gives_each_method_its_spread_its_curve_and_the_models_it_needs_for_the_thesis_number()
    {
        List<ReportRow> rows =
        [
            Ours("gbm-paper", "stats-layer", "none", "fraction=0.5", "r2", 0.8, runs: 3),
            Ours("gbm-paper", "stats-layer", "none", "fraction=0.5", "r2-sd", 0.02),
            Ours("gbm-paper", "stats-layer", "none", "fraction=0.5", "models", 100),
            Ours("gbm-paper", "stats-layer", "none", "fraction=1", "r2", 0.85, runs: 3),
            Ours("gbm-paper", "stats-layer", "none", "fraction=1", "r2-sd", 0.01),
            Ours("gbm-paper", "stats-layer", "none", "fraction=1", "models", 200),
            Ours("gbm-paper", "stats-layer", "none", "fit", "max", 0.9),
            Ours("gbm-paper", "stats-layer", "none", "fit", "max-sd", 0.01),
            Ours("gbm-paper", "stats-layer", "none", "fit", "a", 0.8),
            Ours("gbm-paper", "stats-layer", "none", "fit", "b", 0.5),
            Ours("attnpred", "neurongroup", "permutation", "fraction=1", "r2", 0.6, runs: 3),
            Ours("attnpred", "neurongroup", "permutation", "fraction=1", "models", 200),
            Ours("attnpred", "neurongroup", "permutation", "fit", "max", 0.7),
            Ours("attnpred", "neurongroup", "permutation", "fit", "a", 1),
            Ours("attnpred", "neurongroup", "permutation", "fit", "b", 0.5),
            Ours("attnpred", "neurongroup", "permutation", "budget", "epochs", 40),
            Ours("attnpred", "neurongroup", "permutation", "budget", "patience", 10),
            Ours("attnpred", "neurongroup", "permutation", "budget", "table-epochs", 200),
            Ours("attnpred", "neurongroup", "permutation", "budget", "table-patience", 40),
            new(Table9.Table, "mnist", "accuracy", "gbm-paper", "stats-layer", "none", "", "r2", 0.85, null, 0, ""),
            new(Table9.Table, "mnist", "accuracy", "attnpred", "neurongroup", "permutation", "params~600K", "r2", 0.992, null, 0, ""),
        ];
        var lines = ZooSizeTable.Lines(rows.Where(r => r.Key.Table == ZooSize.Table).ToList(), rows);
        Assert.Equal(["gbm-paper", "attnpred"], lines.Select(l => l.Method));
        Assert.Equal("256", ZooSizeTable.Reach(lines[0])); // 0.9 - 0.8 / sqrt(256) = 0.85
        Assert.StartsWith("not reached", ZooSizeTable.Reach(lines[1]));

        var markdown = ReportRenderer.Table(ZooSize.Table, rows, digits: 3, ThesisReport.Catalog);
        Assert.Contains("| mnist | accuracy | gbm-paper | r2 | 0.8 ± 0.02 (n=100, 3 seeds) | 0.85 ± 0.01 (n=200, 3 seeds) | 0.9 ± 0.01 | 0.8 | 0.5 | 0.85 | 256 | as its table |", markdown);
        Assert.Contains("| mnist | accuracy | attnpred | r2 | — | 0.6 ± 0 (n=200, 3 seeds) | 0.7 ± 0 | 1 | 0.5 | 0.992 | not reached (max 0.7 ≤ 0.992) | ≤40 epochs, patience 10: shorter than Table 9's (≤200, patience 40) |", markdown);
    }
}
