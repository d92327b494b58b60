using System.Numerics;
using WeightSpace.Core.Augment;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Augment;

public sealed class NeuronPermutationTests
{
    private static void AssertSameLogits(float[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"logit {i}: {expected[i]} vs {actual[i]}");
    }

    [Theory]
    [InlineData("tetris", Activation.Relu)]
    [InlineData("tetris", Activation.Tanh)]
    [InlineData("fcn-biases", Activation.Relu)]
    [InlineData("fcn-biases", Activation.Tanh)]
    public void A_permuted_fcn_computes_the_same_logits(string layoutName, Activation activation)
    {
        var layout = TestLayouts.ByName(layoutName);
        var inputs = layout.Layers[0].FanIn;
        var rng = new Random(11);
        var permutation = new NeuronPermutation(layout);
        for (var model = 0; model < 20; model++)
        {
            var row = TestLayouts.RandomRows(1, layout.ParameterCount, seed: model, scale: 1.0);
            var permuted = permutation.Apply(row, new Random(100 + model));
            for (var k = 0; k < 50; k++)
            {
                var x = Enumerable.Range(0, inputs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                AssertSameLogits(FcnForward.Logits(layout, row, x, activation), FcnForward.Logits(layout, permuted, x, activation));
            }
        }
    }

    [Fact]
    public void A_non_identity_permutation_changes_the_weights()
    {
        var layout = TestLayouts.Tetris;
        var row = TestLayouts.RandomRows(1, 100, seed: 3);
        var permuted = new NeuronPermutation(layout).Apply(row, [[1, 0, 2, 3, 4]]);
        Assert.NotEqual(row, permuted);
        // Unit 0 now holds old unit 1's incoming column, and row 0 of the second kernel holds old row 1.
        Assert.Equal(row[1], permuted[0]);
        Assert.Equal(row[80 + 4], permuted[80]);
        Assert.Equal(row[4], permuted[4]);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    public void A_permuted_cnn_computes_the_same_logits(Activation activation)
    {
        var layout = TestLayouts.Cnn;
        var row = TestLayouts.RandomRows(1, layout.ParameterCount, seed: 5, scale: 0.4);
        var permutation = new NeuronPermutation(layout);
        var perms = permutation.Sample(new Random(9));
        Assert.All(perms, p => Assert.NotEqual(Enumerable.Range(0, 16), p));
        var permuted = permutation.Apply(row, perms);
        var rng = new Random(2);
        for (var k = 0; k < 4; k++)
        {
            var image = Enumerable.Range(0, 28 * 28).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            AssertSameLogits(CnnLogits(row, image, activation), CnnLogits(permuted, image, activation));
        }
    }

    [Fact]
    public void Permuting_moves_whole_neuron_groups_in_a_cnn()
    {
        // New filter o of each conv layer must carry old filter perm[o]'s bias.
        var layout = TestLayouts.Cnn;
        var row = TestLayouts.RandomRows(1, layout.ParameterCount, seed: 8);
        var permutation = new NeuronPermutation(layout);
        var perms = permutation.Sample(new Random(4));
        var permuted = permutation.Apply(row, perms);
        var groups = TokenScheme.NeuronGroup(layout);
        for (var o = 0; o < 16; o++)
            for (var l = 0; l < 3; l++)
                Assert.Equal(row[groups.Indices(16 * l + perms[l][o])[^1]], permuted[groups.Indices(16 * l + o)[^1]]);
        // The dense biases (output units) never move.
        Assert.Equal(row.AsSpan(4800, 10).ToArray(), permuted.AsSpan(4800, 10).ToArray());
    }

    [Fact]
    public void After_a_channel_last_flatten_every_position_follows_the_channel_permutation()
    {
        // conv (3, 3, 1, 4) -> flatten of a 1x2x4 map (in = position * 4 + channel) -> dense 3.
        var layout = WeightLayout.Create(
        [
            new("m/conv2d/bias:0", 0, 4, [4]),
            new("m/conv2d/kernel:0", 4, 40, [3, 3, 1, 4]),
            new("m/dense/bias:0", 40, 43, [3]),
            new("m/dense/kernel:0", 43, 67, [8, 3]),
        ]);
        var row = TestLayouts.RandomRows(1, 67, seed: 6);
        int[] perm = [2, 0, 3, 1];
        var permuted = new NeuronPermutation(layout).Apply(row, [perm]);
        for (var position = 0; position < 2; position++)
            for (var c = 0; c < 4; c++)
                for (var o = 0; o < 3; o++)
                    Assert.Equal(row[43 + ((position * 4 + perm[c]) * 3) + o], permuted[43 + ((position * 4 + c) * 3) + o]);
    }

    [Fact]
    public void Tetris_has_120_distinct_permutations()
    {
        var layout = TestLayouts.Tetris;
        Assert.Equal(new BigInteger(120), NeuronPermutation.CountDistinct(layout));
        var row = TestLayouts.RandomRows(1, 100, seed: 13);
        var permutation = new NeuronPermutation(layout);

        var enumerated = new HashSet<string>();
        foreach (var perm in Permutations([0, 1, 2, 3, 4]))
            enumerated.Add(string.Join(",", permutation.Apply(row, [perm])));
        Assert.Equal(120, enumerated.Count);

        // Random draws reach the same 120 vectors and no others.
        var sampled = permutation.Apply(Enumerable.Repeat(row, 3000).SelectMany(r => r).ToArray(), new Random(1));
        var distinct = sampled.Chunk(100).Select(r => string.Join(",", r)).ToHashSet();
        Assert.Equal(120, distinct.Count);
        Assert.Subset(enumerated, distinct);
    }

    [Fact]
    public void Cnn_count_is_the_product_of_three_16_factorials()
    {
        var f16 = Enumerable.Range(1, 16).Aggregate(BigInteger.One, (a, b) => a * b);
        Assert.Equal(f16 * f16 * f16, NeuronPermutation.CountDistinct(TestLayouts.Cnn));
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch()
    {
        var rows = TestLayouts.RandomRows(10, 100, seed: 2);
        var permutation = new NeuronPermutation(TestLayouts.Tetris);
        Assert.Equal(permutation.Apply(rows, new Random(5)), permutation.Apply(rows, new Random(5)));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { 0, 1, 2, 3, 3 })]
    [InlineData(new[] { 0, 1, 2, 3, 5 })]
    public void Rejects_something_that_is_not_a_permutation(int[] perm)
    {
        var e = Assert.Throws<ArgumentException>(() => new NeuronPermutation(TestLayouts.Tetris).Apply(new float[100], [perm]));
        Assert.Contains("layer 0", e.Message);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (var i = 0; i < items.Length; i++)
            foreach (var rest in Permutations(items.Where((_, j) => j != i).ToArray()))
                yield return [items[i], .. rest];
    }

    /// <summary>
    /// Reference Small CNN Zoo forward: 3 x conv 3x3 stride 2 'valid' (HWIO kernels, bias, activation),
    /// global average pooling, dense logits. Input 28x28x1, channel-last.
    /// </summary>
    private static float[] CnnLogits(float[] row, float[] image, Activation activation)
    {
        var layout = TestLayouts.Cnn;
        var (x, size, channels) = (image.Select(v => (double)v).ToArray(), 28, 1);
        for (var l = 0; l < 3; l++)
        {
            var layer = layout.Layers[l];
            var outSize = (size - 3) / 2 + 1;
            var y = new double[outSize * outSize * 16];
            for (var r = 0; r < outSize; r++)
                for (var c = 0; c < outSize; c++)
                    for (var o = 0; o < 16; o++)
                    {
                        double sum = row[layer.Bias!.Start + o];
                        for (var h = 0; h < 3; h++)
                            for (var w = 0; w < 3; w++)
                                for (var i = 0; i < channels; i++)
                                    sum += x[((2 * r + h) * size + 2 * c + w) * channels + i]
                                        * row[layer.Kernel.Start + ((h * 3 + w) * channels + i) * 16 + o];
                        y[(r * outSize + c) * 16 + o] = activation == Activation.Relu ? Math.Max(0, sum) : Math.Tanh(sum);
                    }
            (x, size, channels) = (y, outSize, 16);
        }
        var pooled = new double[16];
        for (var p = 0; p < size * size; p++)
            for (var i = 0; i < 16; i++) pooled[i] += x[p * 16 + i] / (size * size);
        var dense = layout.Layers[3];
        var logits = new float[10];
        for (var o = 0; o < 10; o++)
        {
            double sum = row[dense.Bias!.Start + o];
            for (var i = 0; i < 16; i++) sum += pooled[i] * row[dense.Kernel.Start + i * 10 + o];
            logits[o] = (float)sum;
        }
        return logits;
    }
}
