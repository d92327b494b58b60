using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;
using WeightSpace.Tests.Torch;

namespace WeightSpace.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class BaselineModelTests
{
    [Fact]
    public void AttnPred_gives_accuracies_in_0_1_and_class_logits()
    {
        using var scope = NewDisposeScope();
        manual_seed(10);
        var config = new AttnAe2Config(DModel: 16, Heads: 2, Blocks: 1);
        using var accuracy = new AttnPred(new AttnEnc2(config, TestLayouts.Tetris), 1, PredictionHead.Sigmoid);
        using var classes = new AttnPred(new AttnEnc1(new AttnAe1Config(DModel: 16, Heads: 2), Core.Tokens.TokenScheme.NeuronGroup(TestLayouts.Tetris)), 6, PredictionHead.Logits);
        var x = randn(4, 100) * 10;

        var a = accuracy.forward(x);
        Assert.Equal([4L, 1], a.shape);
        Assert.True(a.min().item<float>() >= 0 && a.max().item<float>() <= 1);
        Assert.Equal([4L, 6], classes.forward(x).shape);
    }

    [Fact]
    public void AttnPred_counts_only_its_encoder_and_head()
    {
        // The encoder alone is the auto-encoder minus its decoder: same weights from the same seed.
        var config = new AttnAe2Config(DModel: 16, Heads: 2, Blocks: 1);
        manual_seed(15);
        using var ae = new AttnAe2(config, TestLayouts.Tetris);
        manual_seed(15);
        using var encoder = new AttnEnc2(config, TestLayouts.Tetris);
        using var model = new AttnPred(encoder, 1, PredictionHead.Sigmoid);
        using var scope = NewDisposeScope();
        var x = randn(3, 100);
        Assert.True(equal(ae.Encode(x), encoder.Encode(x)).all().item<bool>());
        var aeEncoder = ae.named_parameters().Where(p => p.name.StartsWith("encoder.")).Sum(p => p.parameter.numel());
        Assert.Equal(aeEncoder + 20 + 1, model.parameters().Sum(p => p.numel()));
        Assert.True(aeEncoder < ae.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void AttnEnc1_starts_from_the_weights_of_AttnAe1_s_encoder()
    {
        var config = new AttnAe1Config(DModel: 16, Heads: 2);
        var scheme = Core.Tokens.TokenScheme.Layer(TestLayouts.Tetris);
        manual_seed(16);
        using var ae = new AttnAe1(config, scheme);
        manual_seed(16);
        using var encoder = new AttnEnc1(config, scheme);
        using var scope = NewDisposeScope();
        var x = randn(3, 100);
        Assert.True(equal(ae.Encode(x), encoder.Encode(x)).all().item<bool>());
    }

    [Fact]
    public void AttnPred_refuses_a_module_that_is_no_encoder()
    {
        var e = Assert.Throws<ArgumentException>(() => new AttnPred(nn.Linear(100, 20), 1, PredictionHead.Sigmoid));
        Assert.Contains("IWeightEncoder", e.Message);
    }

    [Fact]
    public void Mlp_models_have_10_4_and_3_linear_layers_and_the_right_shapes()
    {
        using var scope = NewDisposeScope();
        using var ae = new MlpAutoEncoder(new MlpAutoEncoderConfig(Latent: 20), 100);
        using var predictor = new MlpPredictor(new MlpPredictorConfig(Hidden: 32, Outputs: 1), 100);
        using var probe = new MlpProbe(new MlpPredictorConfig(Hidden: 32, Outputs: 3, Head: PredictionHead.Logits), 20);
        var x = randn(4, 100);

        Assert.Equal(10, ae.modules().OfType<Linear>().Count());
        Assert.Equal(4, predictor.modules().OfType<Linear>().Count());
        Assert.Equal(3, probe.modules().OfType<Linear>().Count());
        Assert.Equal([4L, 20], ae.Encode(x).shape);
        Assert.Equal([4L, 100], ae.forward(x).shape);
        Assert.Equal([4L, 1], predictor.forward(x).shape);
        Assert.Equal([4L, 3], probe.forward(randn(4, 20)).shape);
    }

    [Fact]
    public void Pca_with_all_components_reconstructs_exactly()
    {
        using var scope = NewDisposeScope();
        var rows = TestLayouts.RandomRows(150, 100, seed: 11);
        using var pca = PcaAutoEncoder.Fit(rows, 100, k: 100);
        var y = Trainer.Predict(pca, rows, 100);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 5);
        Assert.True(rows.Zip(y).Max(p => Math.Abs(p.First - p.Second)) < 1e-4);
    }

    [Fact]
    public void Pca_reconstruction_r2_is_the_explained_variance_on_its_training_set()
    {
        using var scope = NewDisposeScope();
        // Correlated toy set: 5 latent factors plus small noise in 30 dimensions.
        var rng = new Random(12);
        var mixing = Enumerable.Range(0, 5 * 30).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var rows = new float[200 * 30];
        for (var s = 0; s < 200; s++)
        {
            var f = Enumerable.Range(0, 5).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            for (var j = 0; j < 30; j++)
                rows[s * 30 + j] = (float)(Enumerable.Range(0, 5).Sum(k => f[k] * mixing[k * 30 + j]) + 0.05 * (rng.NextDouble() - 0.5));
        }
        using var pca = PcaAutoEncoder.Fit(rows, 30, k: 3);

        var r2 = Trainer.ReconstructionR2(pca, rows, 30);

        Assert.Equal(pca.ExplainedVarianceRatio.Sum(), r2, 4);
        Assert.InRange(r2, 0.3, 0.99);
        Assert.Equal([200L, 3], pca.Encode(tensor(rows).view(200, 30)).shape);
    }

    [Fact]
    public void Pca_rejects_more_components_than_samples()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PcaAutoEncoder.Fit(new float[10 * 100], 100, k: 20));
        Assert.Contains("min(n = 10, P = 100)", e.Message);
    }
}
