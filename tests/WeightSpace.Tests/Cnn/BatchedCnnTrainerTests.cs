using WeightSpace.Core.Cnn;
using WeightSpace.Core.Images;

namespace WeightSpace.Tests.Cnn;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class BatchedCnnTrainerTests
{
    private static readonly CnnImages Train = SyntheticDigits.Make(120, 1);
    private static readonly CnnImages Test = SyntheticDigits.Make(50, 2);
    private static readonly CnnRecipe Recipe = new([0, 1, 2], BatchSize: 16, ShuffleSeed: 5, BlockSize: 8);

    private static CnnModelSpec Model(int seed, string optimizer, string activation = "relu", string init = "GlorotNormal", double dropout = 0.2, double fraction = 1.0) =>
        new(seed, activation, init, 0.05, optimizer, optimizer == "sgd" ? 0.05 : 0.005, 1e-4 * seed, dropout, fraction);

    [Theory]
    [InlineData("sgd", "relu")]
    [InlineData("adam", "tanh")]
    [InlineData("rmsprop", "relu")]
    public void A_model_trained_in_a_batch_matches_the_same_model_trained_alone(string optimizer, string activation)
    {
        // The block mixes optimizers, inits, rates, L2 and dropout; model 0 has the optimizer under test.
        CnnModelSpec[] block =
        [
            Model(1, optimizer, activation),
            Model(2, "sgd", activation, "HeNormal", 0.0),
            Model(3, "adam", activation, "Orthogonal", 0.5),
            Model(4, "rmsprop", activation, "TruncatedNormal", 0.1),
        ];
        var batched = BatchedCnnTrainer.Train(block, Recipe, Train, Test);
        var alone = BatchedCnnTrainer.Train([block[0]], Recipe, Train, Test);
        for (var c = 0; c < Recipe.Checkpoints.Count; c++)
        {
            var b = batched.WeightsOf(batched.Row(0, c)).ToArray();
            var a = alone.WeightsOf(alone.Row(0, c)).ToArray();
            Assert.All(b.Zip(a), pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
            Assert.Equal(alone.TestLoss[c], batched.TestLoss[batched.Row(0, c)], 1e-4f);
        }
        // The models really trained: the weights moved and differ between models.
        Assert.NotEqual(batched.WeightsOf(batched.Row(0, 0)).ToArray(), batched.WeightsOf(batched.Row(0, 2)).ToArray());
    }

    [Fact]
    public void Training_on_learnable_images_raises_the_test_accuracy()
    {
        var result = BatchedCnnTrainer.Train([Model(7, "adam", dropout: 0.0) with { LearningRate = 0.01 }],
            Recipe with { Checkpoints = [0, 6] }, Train, Test);
        Assert.True(result.TestAccuracy[1] > result.TestAccuracy[0] + 0.2, $"accuracy {result.TestAccuracy[0]} -> {result.TestAccuracy[1]}");
    }

    [Fact]
    public void Drop_remainder_leaves_out_only_the_images_that_fill_no_whole_batch()
    {
        CnnModelSpec[] block = [Model(1, "adam"), Model(2, "sgd", init: "HeNormal")];
        float[] Trained(int batch, bool drop) => BatchedCnnTrainer.Train(block, Recipe with { BatchSize = batch, DropRemainder = drop }, Train, Test).Weights;
        // 120 images in batches of 40: no remainder, the same steps either way.
        Assert.Equal(Trained(40, drop: false), Trained(40, drop: true));
        // In batches of 50 the last 20 images of each epoch's order are a step of their own, or left out.
        Assert.NotEqual(Trained(50, drop: false), Trained(50, drop: true));
        Assert.Equal(2, (Recipe with { BatchSize = 50, DropRemainder = true }).StepsPerEpoch(120));
        Assert.Equal(3, (Recipe with { BatchSize = 50 }).StepsPerEpoch(120));
    }

    [Fact]
    public void Drop_remainder_with_fewer_images_than_a_batch_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BatchedCnnTrainer.Train([Model(1, "sgd")], Recipe with { BatchSize = 200, DropRemainder = true }, Train, Test));
        Assert.Contains("drop_remainder", e.Message);
    }

    [Fact]
    public void A_block_mixing_train_fractions_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BatchedCnnTrainer.Train([Model(1, "sgd"), Model(2, "sgd", fraction: 0.5)], Recipe, Train, Test));
        Assert.Contains("train fraction", e.Message);
    }

    [Fact]
    public void The_layout_is_the_published_one_with_4970_weights()
    {
        Assert.Equal(WeightSpace.Tests.Zoo.TestLayouts.CnnEntries.Select(e => (e.VarName, e.Start, e.End, string.Join(",", e.Shape))),
            SmallCnn.Entries.Select(e => (e.VarName, e.Start, e.End, string.Join(",", e.Shape))));
    }

    [Fact]
    public void Initial_weights_follow_the_init_and_biases_start_at_zero()
    {
        var he = CnnInitializer.Initial(Model(3, "sgd", init: "HeNormal"));
        var conv2 = SmallCnn.Entries.Single(e => e.VarName == "sequential/conv2d_1/kernel:0");
        var values = he[conv2.Start..conv2.End];
        var std = Math.Sqrt(values.Select(v => (double)v * v).Average());
        Assert.InRange(std, 0.8 * Math.Sqrt(2.0 / 144), 1.2 * Math.Sqrt(2.0 / 144));
        Assert.All(SmallCnn.Entries.Where(e => e.IsBias), e => Assert.All(he[e.Start..e.End], v => Assert.Equal(0f, v)));

        // Orthogonal: the dense kernel (16, 10) has orthonormal columns.
        var ortho = CnnInitializer.Initial(Model(3, "sgd", init: "Orthogonal"));
        var dense = SmallCnn.Entries.Single(e => e.VarName == "sequential/dense/kernel:0");
        for (var a = 0; a < 10; a++)
            for (var b = 0; b < 10; b++)
            {
                var dot = Enumerable.Range(0, 16).Sum(i => (double)ortho[dense.Start + i * 10 + a] * ortho[dense.Start + i * 10 + b]);
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
    }
}
