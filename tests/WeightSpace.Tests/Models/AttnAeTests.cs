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

    [Fact]
    public void Token_gather_and_scatter_are_exact_inverses()
    {
        using var scope = NewDisposeScope();
        foreach (var scheme in new[] { TokenScheme.NeuronGroup(TestLayouts.Cnn), TokenScheme.Chunks(TestLayouts.Tetris, 3) })
        {
            using var gather = TokenGather.FromScheme(scheme);
            var x = randn(3, scheme.ParameterCount);
            var tokens = gather.ToTokens(x);
            Assert.Equal([3L, scheme.Count, scheme.MaxLength], tokens.shape);
            Assert.Equal(x.data<float>().ToArray(), gather.ToFlat(tokens).data<float>().ToArray());
            // Same values as the array tokenizer, padding included.
            var expected = scheme.Tokenize(x.data<float>().ToArray()).Data;
            Assert.Equal(expected, tokens.contiguous().data<float>().ToArray());
        }
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
