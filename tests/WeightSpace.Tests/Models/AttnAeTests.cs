using TorchSharp;
using WeightSpace.Core.Models;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;
using WeightSpace.Tests.Torch;

namespace WeightSpace.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class AttnAeTests
{
    private static readonly AttnAe1Config SmallAe1 = new(DModel: 16, Heads: 4, Blocks: 1, Latent: 20);
    private static readonly AttnAe2Config SmallAe2 = new(DModel: 16, Heads: 4, Blocks: 1, Latent: 20, GlobalTokens: 2);

    public static TheoryData<string, string> SchemesAndLayouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var layout in new[] { "tetris", "fcn-biases", "cnn" })
            foreach (var scheme in new[] { "neuron", "neurongroup", "layer", "chunks:1", "chunks:7", "chunks:5" })
                data.Add(scheme, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(SchemesAndLayouts))]
    public void Token_gather_then_scatter_is_bit_exact_padded_or_not(string name, string layoutName)
    {
        using var scope = NewDisposeScope();
        var layout = TestLayouts.ByName(layoutName);
        var scheme = TokenScheme.Parse(name, layout);
        // Unusual bit patterns (negative zero, a NaN payload, a subnormal) so a lossy copy shows.
        var rows = TestLayouts.RandomRows(3, layout.ParameterCount, seed: 7);
        rows[0] = -0f;
        rows[1] = BitConverter.Int32BitsToSingle(0x7FC00123);
        rows[2] = float.Epsilon;
        var x = tensor(rows).view(3, layout.ParameterCount);
        using var padded = new TokenGather(scheme, scheme.MaxLength);
        using var own = new TokenGather(scheme);
        var tokens = padded.ToTokens(x);
        Assert.Equal([3L, scheme.Count, scheme.MaxLength], tokens.shape);
        Assert.Equal(rows.Select(BitConverter.SingleToInt32Bits), padded.ToFlat(tokens).data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(rows.Select(BitConverter.SingleToInt32Bits), own.Scatter(own.Gather(x)).data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(3L * scheme.Lengths.Sum(), own.Gather(x).numel());
    }

    [Fact]
    public void Token_gather_puts_each_tokens_indices_in_its_slots_and_zeros_in_padding()
    {
        using var scope = NewDisposeScope();
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris); // 5 tokens of 16, then 4 of 5
        using var gather = new TokenGather(scheme, 16);
        var tokens = gather.ToTokens(arange(100, dtype: float32).view(1, 100)); // value = flat index
        Assert.Equal(scheme.Indices(5).Select(i => (float)i).Concat(Enumerable.Repeat(0f, 11)), tokens[0, 5].data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenGather(scheme, 8));
    }

    [Fact]
    public void AttnAe1_maps_tetris_weights_to_a_tanh_code_and_back()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new AttnAe1(SmallAe1, TokenScheme.NeuronGroup(TestLayouts.Tetris));
        model.EncoderBlocks.KeepAttention = true;
        var x = randn(5, 100);

        var z = model.Encode(x);
        Assert.Equal([5L, 20], z.shape);
        Assert.True(z.abs().max().item<float>() <= 1);
        Assert.Equal([5L, 100], model.Decode(z).shape);
        Assert.Equal([5L, 100], model.forward(x).shape);
        Assert.Equal([5L, 4, 9, 9], model.EncoderBlocks.LastAttention[0]!.shape);
    }

    [Fact]
    public void AttnAe2_maps_tetris_weights_to_a_code_with_global_tokens_in_front()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = new AttnAe2(SmallAe2, TestLayouts.Tetris);
        model.EncoderBlocks.KeepAttention = true;
        var x = randn(5, 100);

        Assert.Equal([5L, 20], model.Encode(x).shape);
        Assert.Equal([5L, 100], model.forward(x).shape);
        Assert.Equal([5L, 4, 11, 11], model.EncoderBlocks.LastAttention[0]!.shape); // 2 global + 9 tokens
        Assert.Equal([16, 5], model.TypeLengths);
    }

    [Fact]
    public void AttnAe2_runs_the_4970_weight_cnn_layout()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = new AttnAe2(SmallAe2 with { Blocks = 1 }, TestLayouts.Cnn);
        var y = model.forward(randn(2, 4970));
        Assert.Equal([2L, 4970], y.shape);
        Assert.Equal([10, 145, 145, 17], model.TypeLengths); // 9 cin + bias, 9 x 16 + bias, ..., 16 + bias
    }

    [Fact]
    public void AttnAe2_puts_the_bias_in_the_last_slot_of_a_padded_token()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        // fcn 6-4-3-2 with biases: token lengths 7, 5, 4; give type 1 two spare slots.
        using var model = new AttnAe2(SmallAe2 with { TypeLengths = [7, 7, 4] }, TestLayouts.FcnWithBiases);
        model.eval();
        var x = randn(2, TestLayouts.FcnWithBiases.ParameterCount);
        var y = model.forward(x);
        Assert.Equal(x.shape, y.shape);
        // Every weight reaches the code: a change to a layer-1 bias changes the code.
        var bias1 = TestLayouts.FcnWithBiases.Layers[1].Bias!.Start;
        var x2 = x.clone();
        x2[.., bias1] += 1f;
        Assert.False(allclose(model.Encode(x), model.Encode(x2)));
    }

    [Fact]
    public void AttnAe2_trained_on_16_5_4_takes_a_16_6_4_layout_with_the_same_embedders()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new AttnAe2(SmallAe2 with { TypeLengths = [16, 8] }, TestLayouts.Tetris);
        var wide = WeightLayout.Fcn([16, 6, 4], biases: false);
        var before = model.parameters().Sum(p => p.numel());
        model.Layout = wide;
        Assert.Equal(before, model.parameters().Sum(p => p.numel()));
        Assert.Equal([3L, 120], model.forward(randn(3, 120)).shape);
        model.Layout = TestLayouts.Tetris;
        Assert.Equal([3L, 100], model.forward(randn(3, 100)).shape);
    }

    [Fact]
    public void AttnAe2_rejects_a_layout_whose_fan_in_exceeds_its_type_slots()
    {
        using var model = new AttnAe2(SmallAe2, TestLayouts.Tetris); // type 1 has 5 slots
        var e = Assert.Throws<ArgumentException>(() => model.Layout = WeightLayout.Fcn([16, 6, 4], biases: false));
        Assert.Contains("layer 1", e.Message);
        Assert.Contains("takes 5 slots", e.Message);
        Assert.Same(TestLayouts.Tetris, model.Layout);
    }

    [Fact]
    public void A_short_fine_tune_on_16_6_4_vectors_lowers_the_reconstruction_error_clearly()
    {
        manual_seed(8);
        using var model = new AttnAe2(SmallAe2 with { TypeLengths = [16, 8] }, TestLayouts.Tetris);
        var wide = WeightLayout.Fcn([16, 6, 4], biases: false);
        model.Layout = wide;
        var data = new TrainingData(TestLayouts.RandomRows(8, 120, seed: 9), 120);
        var trainer = new Trainer(new TrainerConfig(Epochs: 200, BatchSize: 8, LearningRate: 5e-3, WeightDecay: 0,
            WarmupEpochs: 10, Patience: null, Seed: 1), Objective.Reconstruction, wide);
        var before = trainer.Evaluate(model, data);

        var result = trainer.Fit(model, data, data);

        Assert.True(result.BestValidationLoss < 0.5 * before, $"MSE {before} -> {result.BestValidationLoss}");
    }
}
