using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Experiments;
using WeightSpace.Pipeline;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// What the attention stages (autoencoders, predictors, probes) and the attention benches share:
/// the attention params turned into Core settings, and the zoo, layout and row sets they read.
/// The experiment lists themselves are in src/Core/Experiments/Table*.cs.
/// </summary>
public static class AttentionSetup
{
    /// <summary>The zoo, its layout, the row sets and the trainer settings.</summary>
    /// <param name="input">full path of one of <see cref="Deps"/> (a stage's <see cref="StageContext.Input"/>).</param>
    public static (ZooDataset Data, WeightLayout Layout, ExperimentRows Rows, TrainerConfig Trainer) Load(
        Func<string, string> input, string zoo, AttentionParams attention, int seed, Action<string> log)
    {
        var layout = LayoutCsv.Read(input(Artifacts.Layout(zoo)));
        MemoryCheck.Require(attention, layout.NeuronGroups.Count); // before anything is allocated
        var data = ZooDataset.Load(input(Artifacts.Ingested(zoo)), input(Artifacts.Split(zoo)));
        var rows = ExperimentRows.Of(data, attention.EpochStride);
        log($"{rows.Train.Length} train / {rows.Validation.Length} validation / {rows.Test.Length} test checkpoints; up to {attention.Epochs} epochs");
        return (data, layout, rows, attention.Trainer(seed));
    }

    /// <summary>The inputs every attention stage declares.</summary>
    public static IReadOnlyList<string> Deps(string zoo) => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Layout(zoo)];

    public static LearnedModelSizes Sizes(AttentionParams a) =>
        new(DModelCap: a.DModelCap, Heads: a.Heads, MlpRatio: a.MlpRatio, GlobalTokens: a.GlobalTokens,
            PredictorDModel: a.PredictorDModel, PredictorBlocks: a.PredictorBlocks);
}

/// <summary>
/// Training budget and sizes of the learned models (Tables 4-7, Figure 15). The thesis trains up to
/// 8,000 epochs (see the thesis profile); batch 64 takes four times the steps of 256 per epoch at
/// ~80% of its samples/s (AttnAE II R² 0.744 vs 0.674 in 30 epochs).
/// </summary>
[ParamsSection("attention")]
public sealed record AttentionParams(
    [property: Range(1, 8)] int MlpRatio,                // transformer block MLP width = ratio x d_model
    [property: Range(4, 1024)] int DModelCap,            // caps the thesis' d_model (128) for quick profiles; the config column keeps the thesis label
    [property: Range(4, 1024)] int PredictorDModel,      // AttnEnc width for Tables 5 and 6
    [property: Range(1, 16)] int PredictorBlocks,        // AttnEnc depth for Tables 5 and 6
    [property: Range(1, 16)] int Heads,
    [property: Range(1, 16)] int GlobalTokens)           // L_k of AttnAE II
    : TrainingBudget;
