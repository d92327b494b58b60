using WeightSpace.Core.Experiments;
using WeightSpace.Core.Models;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>
/// The learned models of Tables 4-7, built from the attention params. Each thesis row keeps its
/// own config label; d_model is capped by attention.d_model_cap (quick profiles), and the real
/// parameter count is reported beside the thesis' estimate.
/// </summary>
public static class AttentionModels
{
    public const int Latent = 20;

    /// <summary>What both attention stages (and the attention benches) start from: the zoo, its layout, the row sets and the trainer settings.</summary>
    /// <param name="input">full path of one of <see cref="Deps"/> (a stage's <see cref="StageContext.Input"/>).</param>
    public static (ZooDataset Data, WeightLayout Layout, ExperimentRows Rows, TrainerConfig Trainer) Setup(
        Func<string, string> input, string zoo, AttentionParams attention, int seed, Action<string> log)
    {
        var data = ZooDataset.Load(input(Artifacts.Ingested(zoo)), input(Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(input(Artifacts.Layout(zoo)));
        var rows = ExperimentRows.Of(data, attention.EpochStride);
        log($"{rows.Train.Length} train / {rows.Validation.Length} validation / {rows.Test.Length} test checkpoints; up to {attention.Epochs} epochs");
        return (data, layout, rows, Trainer(attention, seed));
    }

    /// <summary>The inputs both attention stages declare.</summary>
    public static IReadOnlyList<string> Deps(string zoo) => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Layout(zoo)];

    /// <summary>Core folders whose code both attention stages run.</summary>
    public static readonly string[] CoreCode = ["src/Core/Experiments", "src/Core/Models", "src/Core/Training", "src/Core/Tokens", "src/Core/Augment", "src/Core/Learning", "src/Core/Zoo", "stages/AttentionModels.cs"];


    public static TrainerConfig Trainer(AttentionParams a, int seed) =>
        new(Epochs: a.Epochs, BatchSize: a.BatchSize, LearningRate: a.LearningRate, WeightDecay: a.WeightDecay,
            WarmupEpochs: Math.Min(a.WarmupEpochs, a.Epochs), Patience: a.Patience, Seed: seed);

    /// <summary>Table 4, in the thesis' order.</summary>
    public static IReadOnlyList<AutoEncoderSpec> Table4(AttentionParams a)
    {
        int D(int thesis) => Math.Min(thesis, a.DModelCap);
        AttnAe1Config Ae1(int blocks, int d) => new(DModel: D(d), Heads: a.Heads, Blocks: blocks, Latent: Latent, MlpRatio: a.MlpRatio);
        return
        [
            new("pca", "weights", "latent=20", null, false),
            new("mlp-ae", "weights", "latent=20;layers=10;params~90k", layout => new MlpAutoEncoder(new MlpAutoEncoderConfig(Latent: Latent), layout.ParameterCount), true),
            new("attnae1", "neurongroup", "latent=20;N=1;d=20;params~16k", layout => new AttnAe1(Ae1(1, 20), TokenScheme.NeuronGroup(layout)), false),
            new("attnae1", "neurongroup", "latent=20;N=1;d=128;params~80k", layout => new AttnAe1(Ae1(1, 128), TokenScheme.NeuronGroup(layout)), true),
            new("attnae1", "neurongroup", "latent=20;N=2;d=128;params~180k", layout => new AttnAe1(Ae1(2, 128), TokenScheme.NeuronGroup(layout)), true),
            new("attnae2", "neurongroup", "latent=20;N=4;d=128;params~100k", layout => AttnAe2(a, layout), true),
        ];
    }

    public static AttnAe2 AttnAe2(AttentionParams a, WeightLayout layout) =>
        new(new AttnAe2Config(DModel: Math.Min(128, a.DModelCap), Heads: a.Heads, Blocks: 4, Latent: Latent, GlobalTokens: a.GlobalTokens, MlpRatio: a.MlpRatio), layout);

    /// <summary>Table 5's learned rows (accuracy); Table 6 uses the same minus the layer-token encoder.</summary>
    public static IReadOnlyList<PredictorSpec> Predictors(AttentionParams a, bool withLayerTokens)
    {
        AttnAe1Config Enc1() => new(DModel: a.PredictorDModel, Heads: a.Heads, Blocks: a.PredictorBlocks, Latent: Latent, MlpRatio: a.MlpRatio);
        AttnAe2Config Enc2() => new(DModel: a.PredictorDModel, Heads: a.Heads, Blocks: a.PredictorBlocks, Latent: Latent, GlobalTokens: a.GlobalTokens, MlpRatio: a.MlpRatio);
        var specs = new List<PredictorSpec>
        {
            new("mlp", "weights", "layers=4", false,
                (layout, outputs, head) => new MlpPredictor(new MlpPredictorConfig(Hidden: 128, Outputs: outputs, Head: head), layout.ParameterCount)),
        };
        if (withLayerTokens)
            specs.Add(new("attnenc", "layer", "", false,
                (layout, outputs, head) => new AttnPred(new AttnAe1(Enc1(), TokenScheme.Layer(layout)), outputs, head)));
        specs.Add(new("attnenc", "neurongroup", "", false, (layout, outputs, head) => new AttnPred(new AttnAe2(Enc2(), layout), outputs, head)));
        specs.Add(new("attnenc", "neurongroup", "", true, (layout, outputs, head) => new AttnPred(new AttnAe2(Enc2(), layout), outputs, head)));
        return specs;
    }
}
