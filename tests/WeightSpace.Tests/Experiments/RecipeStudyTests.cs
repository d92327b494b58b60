using WeightSpace.Core.Baselines;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Experiments;

public sealed class RecipeStudyTests
{
    private static readonly IReadOnlyList<FcnModelSpec> Models =
        Enumerable.Range(0, 20).Select(k => new FcnModelSpec(k, Activation.Relu, InitMethod.XavierUniform)).ToList();

    private static readonly RecipeStudyOptions Options = new(StatisticSet.Default, 0.6, 0.2, 0,
        new BaselineOptions([0, 0.1, 10], [1], 0, 0, "test"));

    private static RecipeProperties Measure(FcnRecipe recipe, TetrisImageSplit testSet) =>
        RecipeStudy.Measure(new RecipeCandidate("c", recipe, testSet), "tetris-seed", Models, TetrisImages.Generate(), Options);

    [Fact]
    public void Correlations_are_those_of_the_test_models_statistics_with_their_accuracy()
    {
        var recipe = new FcnRecipe(4, 0.05, "adam", 8, 0);
        var testSet = new TetrisImageSplit(0, 3, 0.2, 0);
        var properties = Measure(recipe, testSet);

        // The same zoo, by hand: global variance of each test model's checkpoints against its accuracy.
        var split = testSet.Apply(TetrisImages.Generate());
        var zoo = BatchedFcnTrainer.Train(TetrisZoo.Widths, Models, recipe, split.Train, split.Test);
        var modelSplit = ModelSplit.Create(Enumerable.Range(0, Models.Count).Select(k => (k, $"tetris-seed/{k:D5}")), 0.6, 0.2, 0);
        var rows = modelSplit.RowsOf(Enumerable.Range(0, zoo.Models * zoo.Epochs).Select(r => r / zoo.Epochs).ToArray(), SplitPart.Test);
        var variance = rows.Select(r =>
        {
            var w = zoo.Weights.AsSpan(r * 100, 100).ToArray();
            var mean = w.Average(x => (double)x);
            return w.Average(x => (x - mean) * (x - mean));
        }).ToArray();
        var accuracy = rows.Select(r => (double)zoo.TestAccuracy[r]).ToArray();

        Assert.Equal(Scores.Pearson(variance, accuracy), properties.Pearson["var"], 1e-9);
        Assert.Equal(["mean", "var", "p0", "p25", "p50", "p75", "p100"], properties.Pearson.Keys);
        Assert.Equal(accuracy.Min(), properties.LowestTestAccuracy, 1e-9);
        Assert.Equal(3 * 65, properties.TestImages);
        Assert.Equal(LabelNoise.Of(zoo.TestAccuracy, 3 * 65), properties.LabelNoise);
        Assert.Equal(4, properties.Spread.Count);
        Assert.InRange(properties.StackedR2, -1, 1);
    }

    [Fact]
    public void The_initial_scale_multiplies_the_initial_weights()
    {
        // A learning rate too small to move the weights: epoch 1 is the initial weights.
        var split = new TetrisImageSplit(0, 1, 0.2, 0).Apply(TetrisImages.Generate());
        var one = BatchedFcnTrainer.Train(TetrisZoo.Widths, Models.Take(2).ToList(), new FcnRecipe(1, 1e-9, "sgd", 65, 0), split.Train, split.Test);
        var three = BatchedFcnTrainer.Train(TetrisZoo.Widths, Models.Take(2).ToList(), new FcnRecipe(1, 1e-9, "sgd", 65, 0, InitScale: 3), split.Train, split.Test);
        Assert.All(one.Weights.Zip(three.Weights), pair => Assert.Equal(3 * pair.First, pair.Second, 1e-5f));
    }

    [Fact]
    public void The_clean_test_set_holds_every_image_once_before_the_noisy_copies()
    {
        var images = TetrisImages.Generate();
        var clean = new TetrisImageSplit(0, 0, 0.2, 0, CleanTest: true).Apply(images);
        Assert.Equal(clean.Train.X, clean.Test.X);
        Assert.Equal(clean.Train.Y, clean.Test.Y);
        var both = new TetrisImageSplit(0, 2, 0.2, 0, CleanTest: true).Apply(images);
        Assert.Equal(3 * images.Count, both.Test.Y.Length);
        // The noisy copies do not depend on whether the clean images are tested as well.
        Assert.Equal(new TetrisImageSplit(0, 2, 0.2, 0).Apply(images).Test.X, both.Test.X[(images.Count * 16)..]);
    }
}
