using WeightSpace.Core.Cnn;
using WeightSpace.Core.Images;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Cnn;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class CnnZooTests
{
    private static readonly CnnImages Train = SyntheticDigits.Make(100, 3);
    private static readonly CnnImages Test = SyntheticDigits.Make(40, 4);
    private static readonly CnnRecipe Recipe = new([0, 1, 3], BatchSize: 20, ShuffleSeed: 9, BlockSize: 2);

    private static readonly CnnHyperRanges Ranges = new(["relu", "tanh"], CnnInitializer.Names, KerasOptimizer.Names,
        (1e-3, 0.5), (5e-4, 5e-2), (1e-8, 1e-2), (0.0, 0.7), [0.5, 1.0]);

    [Fact]
    public void Three_shards_merge_byte_for_byte_into_the_unsharded_zoo()
    {
        using var dir = new TempDir();
        var models = Ranges.Sample(7, seed: 1);
        CnnZoo.Generate(dir.File("whole"), "synthetic", models, Recipe, Train, Test, _ => { });
        for (var k = 0; k < 3; k++)
            CnnZoo.GenerateShard(dir.File($"shard{k}"), "synthetic", models, Recipe, Train, Test, k, 3, _ => { });
        CnnZoo.Merge([dir.File("shard2"), dir.File("shard0"), dir.File("shard1")], dir.File("merged"));
        foreach (var file in new[] { ZooFolder.WeightsFileName, ZooFolder.MetricsFileName, ZooFolder.LayoutFileName })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("whole"), file)), File.ReadAllBytes(Path.Combine(dir.File("merged"), file)));
        // Each shard really holds only part of the zoo.
        Assert.All(Enumerable.Range(0, 3), k => Assert.InRange(File.ReadAllLines(Path.Combine(dir.File($"shard{k}"), CnnZoo.ModelsFileName)).Length - 1, 1, 6));
    }

    [Fact]
    public void A_merge_missing_a_shard_names_the_missing_model()
    {
        using var dir = new TempDir();
        var models = Ranges.Sample(5, seed: 2);
        var tiny = Recipe with { Checkpoints = [0] };
        for (var k = 0; k < 2; k++)
            CnnZoo.GenerateShard(dir.File($"shard{k}"), "synthetic", models, tiny, Train, Test, k, 2, _ => { });
        var e = Assert.Throws<ZooFormatException>(() => CnnZoo.Merge([dir.File("shard1")], dir.File("merged")));
        var missing = File.ReadAllLines(Path.Combine(dir.File("shard0"), CnnZoo.ModelsFileName)).Skip(1).Select(int.Parse).Min();
        Assert.Contains($"model {missing} is in none", e.Message);
    }

    [Fact]
    public void A_network_rebuilt_from_the_zoo_files_alone_reproduces_every_recorded_test_accuracy()
    {
        using var dir = new TempDir();
        var models = Ranges.Sample(4, seed: 3);
        CnnZoo.Generate(dir.File("zoo"), "synthetic", models, Recipe, Train, Test, _ => { });
        var zoo = new ZooFolder(dir.File("zoo"));
        var layout = LayoutCsv.Read(zoo.LayoutPath).Entries;
        var metrics = MetricsCsv.Read(zoo.MetricsPath).Rows;
        using var weights = NpyReader.Open(zoo.WeightsPath);
        Assert.Equal(4 * 3, metrics.Count);
        Assert.Equal(metrics.Count, weights.Rows);
        Assert.Equal(["0", "1", "3"], metrics.Take(3).Select(r => r.Step.ToString()));
        var row = new float[weights.Columns];
        for (var r = 0; r < metrics.Count; r++)
        {
            weights.ReadRows(r, row);
            var net = new ReferenceCnn(layout, row, metrics[r].Config["activation"] == "relu");
            var correct = Enumerable.Range(0, Test.Count).Count(i => net.Predict(Test.Pixels.AsSpan(i * 784, 784)) == Test.Labels[i]);
            Assert.Equal(metrics[r].TestAccuracy, (double)correct / Test.Count, 1e-6);
        }
        // The published config columns are there.
        Assert.Equal(["activation", "b_init", "dataset", "dnn_architecture", "dropout", "epochs", "epochs_between_checkpoints", "init_std", "l2reg",
            "learning_rate", "num_layers", "num_units", "optimizer", "random_seed", "train_fraction", "w_init"], metrics[0].Config.Keys.Order());
    }

    [Fact]
    public void Sampled_hyper_parameters_stay_in_their_ranges_and_do_not_depend_on_the_zoo_size()
    {
        var few = Ranges.Sample(5, seed: 4);
        var many = Ranges.Sample(400, seed: 4);
        Assert.Equal(few, many.Take(5));
        Assert.All(many, m =>
        {
            Assert.InRange(m.InitStd, 1e-3, 0.5);
            Assert.InRange(m.LearningRate, 5e-4, 5e-2);
            Assert.InRange(m.L2, 1e-8, 1e-2);
            Assert.InRange(m.Dropout, 0, 0.7);
        });
        Assert.Equal(3, many.Select(m => m.Optimizer).Distinct().Count());
        Assert.Equal(5, many.Select(m => m.WInit).Distinct().Count());
        // Log-uniform: about half the learning rates below the geometric mean of the range.
        Assert.InRange(many.Count(m => m.LearningRate < Math.Sqrt(5e-4 * 5e-2)), 160, 240);
    }
}
