using TorchSharp;
using WeightSpace.Core.Models;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Torch;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Models;

/// <summary>The counts from settings alone against the TorchSharp modules' parameters, on the tetris and CNN layouts.</summary>
[Collection(TorchCollection.Name)]
public sealed class ParameterCountsTests
{
    private static long Count(nn.Module module)
    {
        using (module) return module.parameters().Sum(p => p.numel());
    }

    private static List<int> TokenLengths(WeightLayout layout) => layout.NeuronGroups.Select(g => g.Indices.Length).ToList();

    private static List<int> TypeLengths(WeightLayout layout) => layout.Layers.Select(l => l.TokenLength).ToList();

    public static TheoryData<string, int, int, int, int, bool> Settings() => new()
    {
        // layout, d_model, blocks, feed-forward ratio, output hidden (0: d), pre-norm
        { "tetris", 128, 1, 1, 0, true },   // Table 4's AttnAE I, N=1, d=128, default profile
        { "tetris", 20, 1, 4, 0, true },
        { "tetris", 16, 3, 2, 24, false },
        { "cnn", 32, 2, 1, 0, true },       // §4.4.2's AttnAE II, default profile
        { "cnn", 16, 1, 4, 8, false },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void AttnAE_I_count_from_its_settings_is_the_module_s(string layoutName, int d, int blocks, int ratio, int hidden, bool preNorm)
    {
        var layout = TestLayouts.ByName(layoutName);
        var config = new AttnAe1Config(DModel: d, Heads: 4, Blocks: blocks, Latent: 20, MlpRatio: ratio, OutputHidden: hidden, PreNorm: preNorm);
        Assert.Equal(Count(new AttnAe1(config, TokenScheme.NeuronGroup(layout))), ParameterCounts.AttnAe1(config, TokenLengths(layout)).Total);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void AttnAE_II_and_AttnPred_counts_from_their_settings_are_the_modules(string layoutName, int d, int blocks, int ratio, int hidden, bool preNorm)
    {
        var layout = TestLayouts.ByName(layoutName);
        var config = new AttnAe2Config(DModel: d, Heads: 4, Blocks: blocks, Latent: 128, GlobalTokens: 2, MlpRatio: ratio, OutputHidden: hidden, PreNorm: preNorm);
        Assert.Equal(Count(new AttnAe2(config, layout)), ParameterCounts.AttnAe2(config, TypeLengths(layout)).Total);
        var encoder = ParameterCounts.AttnEnc2(config, TypeLengths(layout));
        var p = layout.ParameterCount;
        // AttnPred as Table 9 builds it: the scaled encoder holds buffers, which are not parameters.
        var predictor = new AttnPred(new ScaledEncoder(new AttnEnc2(config, layout), new float[p], Enumerable.Repeat(1f, p).ToArray()), 3, PredictionHead.Logits);
        Assert.Equal(Count(predictor), ParameterCounts.AttnPred(encoder, config.Latent, 3).Total);
    }

    [Fact]
    public void AttnAE_II_count_follows_given_type_lengths()
    {
        var config = new AttnAe2Config(DModel: 16, Heads: 4, Blocks: 1, GlobalTokens: 1, TypeLengths: [16, 8]);
        Assert.Equal(Count(new AttnAe2(config, TestLayouts.Tetris)), ParameterCounts.AttnAe2(config, TypeLengths(TestLayouts.Tetris)).Total);
    }

    [Fact]
    public void MLP_auto_encoder_count_from_its_settings_is_the_module_s()
    {
        foreach (var config in new[] { new MlpAutoEncoderConfig(), new MlpAutoEncoderConfig(Hidden: [40, 7], Latent: 5) })
            Assert.Equal(Count(new MlpAutoEncoder(config, 100)), ParameterCounts.MlpAutoEncoder(config, 100).Total);
        Assert.Equal(139_576, ParameterCounts.MlpAutoEncoder(new MlpAutoEncoderConfig(), 100).Total); // Table 4's MLP AE, as measured
    }

    [Fact]
    public void A_block_is_attention_norms_and_feed_forward()
    {
        Assert.Equal(4 * 128 * 128 + 4 * 128, ParameterCounts.Attention(128));
        Assert.Equal(ParameterCounts.Attention(128) + 4 * 128 + 2 * 128 * 256 + 256 + 128, ParameterCounts.Block(128, 256));
        var parts = ParameterCounts.AttnAe1(new AttnAe1Config(DModel: 128, Blocks: 1, MlpRatio: 1), TokenLengths(TestLayouts.Tetris));
        Assert.Equal(433_700, parts.Total); // Table 4's AttnAE I, N=1, d=128, as measured in the default profile
        Assert.Equal(2 * (ParameterCounts.Block(128, 128) + 256), parts[ParameterCounts.EncoderBlocks] + parts[ParameterCounts.DecoderBlocks]);
    }
}
