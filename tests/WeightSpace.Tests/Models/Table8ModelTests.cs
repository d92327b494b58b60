using TorchSharp;
using WeightSpace.Bench;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Models;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Models;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class Table8ModelTests
{
    private static readonly WeightLayout Cnn = WeightLayout.Create(SyntheticCnnZoo.Entries);

    // The thesis' sizes (Table 8) on the CNN zoo's 4,970 weights, within 15 %.
    [Theory]
    [InlineData("dnn", 1.8e6)]
    [InlineData("gru-attn", 2.0e6)]
    [InlineData("transformer-mlp", 2.0e6)]
    [InlineData("transformer-pos-mlp", 54e6)]
    [InlineData("mlplayer-sum", 0.8e6)]
    public void Each_thesis_model_has_about_the_thesis_size_and_maps_flat_weights_to_one_accuracy_in_0_1(string method, double thesisParameters)
    {
        var spec = Table8.ThesisModels(thesisSizes: true).Single(m => m.Method == method);
        manual_seed(0);
        using var model = spec.Build(Cnn);
        var parameters = model.parameters().Sum(p => p.numel());
        Assert.InRange(parameters, 0.85 * thesisParameters, 1.15 * thesisParameters);

        model.eval();
        using var scope = NewDisposeScope();
        var output = model.forward(randn(3, Cnn.ParameterCount)); // (3, 1)
        Assert.Equal([3L, 1L], output.shape);
        Assert.All(output.data<float>().ToArray(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void The_shrunk_transformer_with_positions_says_so_and_is_small()
    {
        var spec = Table8.ThesisModels(thesisSizes: false).Single(m => m.Method == "transformer-pos-mlp");
        Assert.StartsWith("shrunk", spec.Config);
        using var model = spec.Build(Cnn);
        Assert.InRange(model.parameters().Sum(p => p.numel()), 1.5e6, 2.5e6);
    }

    [Fact]
    public void Unterthiners_dnn_sits_in_the_papers_size_range()
    {
        using var model = Table8.UnterthinerDnn.Build(Cnn);
        Assert.InRange(model.parameters().Sum(p => p.numel()), 1.5e6, 3.6e6);
    }

    [Fact]
    public void Position_encodings_make_the_transformer_see_which_chunk_is_which()
    {
        // With one shared embedder and no positions, swapping two chunks only permutes the encoder's
        // outputs; the head's concatenation still tells them apart, so both variants are order-aware
        // at the output. Positions change the encoder's outputs themselves: check they are applied.
        manual_seed(1);
        var scheme = Core.Tokens.TokenScheme.Chunks(Cnn, 4);
        var config = ChunkTransformerConfig.Thesis with { DModel = 16, Heads = 2, Blocks = 1, HeadHidden = 8, Dropout = 0 };
        using var plain = new ChunkTransformer(config, scheme);
        manual_seed(1);
        using var positioned = new ChunkTransformer(config with { Positions = true }, scheme);
        plain.eval();
        positioned.eval();
        using var scope = NewDisposeScope();
        var x = randn(2, Cnn.ParameterCount);
        Assert.False(plain.forward(x).allclose(positioned.forward(x)));
    }
}
