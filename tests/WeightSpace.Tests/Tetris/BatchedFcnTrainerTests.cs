using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Tetris;

public sealed class BatchedFcnTrainerTests
{
    private static readonly TetrisImageSplit Split = new TetrisImageSplit(0, 2, 0.2, 0).Apply(TetrisImages.Generate());

    private static FcnCheckpoints Train(IReadOnlyList<FcnModelSpec> models, string optimizer = "adam") =>
        BatchedFcnTrainer.Train(TetrisZoo.Widths, models, new FcnRecipe(6, 0.05, optimizer, 8, 3), Split.Train, Split.Test);

    private static readonly FcnModelSpec[] Mixed =
    [
        new(11, Activation.Relu, InitMethod.XavierUniform),
        new(12, Activation.Tanh, InitMethod.Normal),
        new(13, Activation.Relu, InitMethod.KaimingNormal),
        new(14, Activation.Tanh, InitMethod.Uniform),
    ];

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void A_model_trained_in_a_batch_matches_the_same_model_trained_alone(string optimizer)
    {
        var batch = Train(Mixed, optimizer);
        for (var k = 0; k < Mixed.Length; k++)
        {
            var alone = Train([Mixed[k]], optimizer);
            for (var epoch = 1; epoch <= 6; epoch++)
            {
                var b = batch.Weights.AsSpan(batch.Row(k, epoch) * 100, 100).ToArray();
                var a = alone.Weights.AsSpan(alone.Row(0, epoch) * 100, 100).ToArray();
                Assert.All(b.Zip(a), pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
                Assert.Equal(alone.TestAccuracy[alone.Row(0, epoch)], batch.TestAccuracy[batch.Row(k, epoch)]);
            }
        }
    }

    [Fact]
    public void Flat_weights_follow_the_zoo_layout_so_the_reference_forward_pass_reproduces_the_accuracy()
    {
        var zoo = Train(Mixed);
        var layout = WeightLayout.Fcn(TetrisZoo.Widths, biases: false);
        for (var k = 0; k < Mixed.Length; k++)
        {
            var row = zoo.Weights.AsSpan(zoo.Row(k, 6) * 100, 100).ToArray();
            var correct = 0;
            for (var i = 0; i < Split.Test.Y.Length; i++)
            {
                var logits = FcnForward.Logits(layout, row, Split.Test.X.AsSpan(i * 16, 16), Mixed[k].Activation);
                if (Array.IndexOf(logits, logits.Max()) == Split.Test.Y[i]) correct++;
            }
            Assert.Equal(zoo.TestAccuracy[zoo.Row(k, 6)], correct / (float)Split.Test.Y.Length, 1e-6f);
        }
    }

    [Fact]
    public void The_same_seeds_give_identical_zoos_and_training_improves_accuracy()
    {
        var first = Train(Mixed);
        Assert.Equal(first.Weights, Train(Mixed).Weights);
        var initialLoss = Enumerable.Range(0, Mixed.Length).Average(k => first.TrainLoss[first.Row(k, 1)]);
        var finalLoss = Enumerable.Range(0, Mixed.Length).Average(k => first.TrainLoss[first.Row(k, 6)]);
        Assert.True(finalLoss < initialLoss, $"mean train loss went from {initialLoss} to {finalLoss}");
    }

    [Fact]
    public void The_image_split_is_seeded_and_holds_out_whole_placements_when_asked()
    {
        var images = TetrisImages.Generate();
        var split = new TetrisImageSplit(0.25, 0, 0, 5).Apply(images);
        Assert.Equal(split.Train.X, new TetrisImageSplit(0.25, 0, 0, 5).Apply(images).Train.X);
        Assert.Equal(images.Count, split.Train.Y.Length + split.Test.Y.Length);
        var train = Enumerable.Range(0, split.Train.Y.Length).Select(i => string.Join(",", split.Train.X.AsSpan(i * 16, 16).ToArray())).ToHashSet();
        Assert.All(Enumerable.Range(0, split.Test.Y.Length), i => Assert.DoesNotContain(string.Join(",", split.Test.X.AsSpan(i * 16, 16).ToArray()), train));
        Assert.Throws<ArgumentException>(() => new TetrisImageSplit(0, 0, 0, 1).Apply(images));
    }
}
