using TorchSharp;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Models;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Experiments;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class TablesTests : IDisposable
{
    private static readonly LearnedModelSizes Small = new(DModelCap: 16, Heads: 2, MlpRatio: 1, GlobalTokens: 2, PredictorDModel: 16, PredictorBlocks: 1);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Table4_has_the_thesis_six_rows_with_distinct_model_file_ids()
    {
        var models = Table4.Models(Small);
        Assert.Equal(["pca", "mlp-ae", "attnae1", "attnae1", "attnae1", "attnae2"], models.Select(m => m.Method));
        Assert.Equal(models.Count, models.Select(m => m.Id).Distinct().Count());
        Assert.All(models, m => Assert.Matches("^[a-z0-9-]+$", m.Id));
        Assert.Same(models.Single(m => m.Id == Table4.AttnAe2Id).Method, Table7.Source(Small).Method);
    }

    [Fact]
    public void Every_table4_model_saved_and_loaded_gives_the_same_outputs()
    {
        var layout = TinyZoo.Layout;
        var rows = TestLayouts.RandomRows(30, 100, seed: 3);
        using var scope = NewDisposeScope();
        var x = tensor(rows[..(5 * 100)]).view(5, 100);
        foreach (var spec in Table4.Models(Small))
        {
            manual_seed(1);
            using var trained = spec.Build is null ? PcaAutoEncoder.Fit(rows, 100, spec.Latent) : spec.Create(layout);
            var path = _dir.File($"{spec.Id}.bin");
            ModelFile.Save(trained, path);
            manual_seed(2); // a different init, so equal outputs can only come from the file
            using var loaded = spec.Load(layout, path);
            trained.eval();
            loaded.eval();
            Assert.True(equal(trained.forward(x), loaded.forward(x)).all().item<bool>(), spec.Id);
        }
    }

    [Fact]
    public void Loading_weights_of_another_shape_names_the_file()
    {
        var path = _dir.File("mlp.bin");
        using (var small = new MlpAutoEncoder(new MlpAutoEncoderConfig(Hidden: [8], Latent: 4), 100)) ModelFile.Save(small, path);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MlpAutoEncoder(new MlpAutoEncoderConfig(Latent: 20), 100), path));
        Assert.Contains(path, e.Message);
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load(new MlpAutoEncoder(new MlpAutoEncoderConfig(), 100), _dir.File("none.bin")));
    }

    [Fact]
    public void Table5_attnenc_rows_count_only_encoder_and_head()
    {
        // The neuronGroup AttnEnc is the AttnAE II encoder at the predictor size plus a 20 -> 1 head.
        var spec = Table5.Predictors(Small).First(p => p.Method == "attnenc" && p.Input == "neurongroup");
        manual_seed(1);
        using var predictor = spec.Build(TinyZoo.Layout, 1, PredictionHead.Sigmoid);
        using var encoder = new AttnEnc2(new AttnAe2Config(DModel: 16, Heads: 2, Blocks: 1, Latent: 20, GlobalTokens: 2, MlpRatio: 1), TinyZoo.Layout);
        using var autoEncoder = new AttnAe2(new AttnAe2Config(DModel: 16, Heads: 2, Blocks: 1, Latent: 20, GlobalTokens: 2, MlpRatio: 1), TinyZoo.Layout);
        long Count(nn.Module m) => m.parameters().Sum(p => p.numel());
        Assert.Equal(Count(encoder) + 21, Count(predictor));
        Assert.True(Count(predictor) < Count(autoEncoder));
    }

    [Fact]
    public void Table6_uses_table5_s_models_without_the_layer_token_encoder()
    {
        Assert.Equal(["weights", "layer", "neurongroup", "neurongroup"], Table5.Predictors(Small).Select(p => p.Input));
        Assert.Equal(["weights", "neurongroup", "neurongroup"], Table6.Predictors(Small).Select(p => p.Input));
        Assert.Equal(["activation", "init"], Table6.HyperParameters.Select(h => h.Target));
    }
}
