using System.Globalization;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Tetris;

/// <summary>
/// Trains a tetris zoo (all models batched) and writes it in the published Small CNN Zoo format:
/// weights.npy (checkpoints x 100, model-major), layout.csv and metrics.csv.gz with the published
/// column names, so tetris zoos enter the pipeline through the same ingest as a downloaded zoo.
/// </summary>
public static class TetrisZoo
{
    public static readonly int[] Widths = [16, 5, 4];

    public static ZooSummary Generate(string directory, string name, IReadOnlyList<FcnModelSpec> models, FcnRecipe recipe,
        TetrisImageSplit split, Action<string> log)
    {
        Directory.CreateDirectory(directory);
        var layout = WeightLayout.Fcn(Widths, biases: false);
        var every = Math.Max(1, recipe.Epochs / 5);
        var zoo = BatchedFcnTrainer.Train(Widths, models, recipe, split.Train, split.Test,
            epoch => { if (epoch % every == 0 || epoch == recipe.Epochs) log($"{name}: epoch {epoch}/{recipe.Epochs} ({models.Count} models)"); });

        var rows = (long)models.Count * recipe.Epochs;
        using (var writer = NpyWriter.Create(Path.Combine(directory, ZooFolder.WeightsFileName), rows, layout.ParameterCount))
        {
            writer.WriteRows(zoo.Weights);
            writer.Complete();
        }
        ZooFolder.WriteTables(directory, layout, Checkpoints(name, models, recipe, zoo));

        return new ZooSummary(models.Count, recipe.Epochs, layout.ParameterCount, Spreads(zoo), LabelNoise.Of(zoo.TestAccuracy, split.Test.Y.Length));
    }

    private static IEnumerable<CheckpointMetrics> Checkpoints(string name, IReadOnlyList<FcnModelSpec> models, FcnRecipe recipe, FcnCheckpoints zoo)
    {
        string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
        for (var k = 0; k < models.Count; k++)
        {
            var config = new Dictionary<string, string>
            {
                ["activation"] = models[k].Activation.ToString().ToLowerInvariant(),
                ["w_init"] = Initializers.Name(models[k].Init),
                ["random_seed"] = models[k].Seed.ToString(CultureInfo.InvariantCulture),
                ["dataset"] = ZooNames.TetrisDataset,
                ["dnn_architecture"] = "fcn-16-5-4-nobias",
                ["optimizer"] = recipe.Optimizer,
                ["learning_rate"] = Text(recipe.LearningRate),
                ["epochs"] = recipe.Epochs.ToString(CultureInfo.InvariantCulture),
            };
            for (var e = 1; e <= recipe.Epochs; e++)
            {
                var r = zoo.Row(k, e);
                yield return new CheckpointMetrics($"{name}/{k:D5}", e, zoo.TestAccuracy[r], zoo.TrainAccuracy[r], zoo.TestLoss[r], zoo.TrainLoss[r], config);
            }
        }
    }

    /// <summary>The models' test-accuracy spread at every epoch, 1..E.</summary>
    public static IReadOnlyList<AccuracySpread> Spreads(FcnCheckpoints zoo) =>
        Enumerable.Range(1, zoo.Epochs).Select(e => Spread(zoo, e)).ToList();

    private static AccuracySpread Spread(FcnCheckpoints zoo, int epoch)
    {
        var acc = Enumerable.Range(0, zoo.Models).Select(k => (double)zoo.TestAccuracy[zoo.Row(k, epoch)]).Order().ToArray();
        double Q(double q) => Features.WeightStatistics.PercentileOfSorted(acc, q);
        return new AccuracySpread(epoch, acc[0], Q(25), Q(50), Q(75), acc[^1]);
    }
}
