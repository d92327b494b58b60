using WeightSpace.Core.Experiments;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

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
        var data = ZooDataset.Load(input(Artifacts.Ingested(zoo)), input(Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(input(Artifacts.Layout(zoo)));
        var rows = ExperimentRows.Of(data, attention.EpochStride);
        log($"{rows.Train.Length} train / {rows.Validation.Length} validation / {rows.Test.Length} test checkpoints; up to {attention.Epochs} epochs");
        return (data, layout, rows, Trainer(attention, seed));
    }

    /// <summary>The inputs every attention stage declares.</summary>
    public static IReadOnlyList<string> Deps(string zoo) => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Layout(zoo)];

    public static TrainerConfig Trainer(AttentionParams a, int seed) =>
        new(Epochs: a.Epochs, BatchSize: a.BatchSize, LearningRate: a.LearningRate, WeightDecay: a.WeightDecay,
            WarmupEpochs: Math.Min(a.WarmupEpochs, a.Epochs), Patience: a.Patience, Seed: seed);

    public static LearnedModelSizes Sizes(AttentionParams a) =>
        new(DModelCap: a.DModelCap, Heads: a.Heads, MlpRatio: a.MlpRatio, GlobalTokens: a.GlobalTokens,
            PredictorDModel: a.PredictorDModel, PredictorBlocks: a.PredictorBlocks);
}
