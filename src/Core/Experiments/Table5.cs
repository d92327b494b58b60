using WeightSpace.Core.Baselines;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 5 (thesis §4.2.3): test-accuracy prediction on tetris-seed and tetris-hyper.
/// Linear rows: ridge regression from the flat weights and from each statistics scope
/// (<see cref="BaselineData.Create"/>: weights, stats-global, stats-layer, stats-neurongroup).
/// Learned rows: a 4-layer MLP on the flat weights, AttnEnc (<see cref="AttnEnc1"/>) on layer
/// tokens, and AttnEnc (<see cref="AttnEnc2"/>) on neuronGroup tokens without and with
/// permutation augmentation, each with a sigmoid head (<see cref="AttnPred"/>).
/// </summary>
public static class Table5
{
    public static readonly IReadOnlyList<string> Zoos = ["tetris-seed", "tetris-hyper"];

    /// <summary>The linear rows: ridge from every input of <paramref name="data"/>, with Kendall τ-b.</summary>
    public static IEnumerable<MetricRow> LinearRows(BaselineData data, BaselineOptions options) =>
        data.Inputs.SelectMany(input => LinearBaselines.Ridge(data, options, "table5", input.Key, input.Value, kendall: true));

    /// <summary>The learned rows' models, in the thesis' order.</summary>
    public static IReadOnlyList<PredictorSpec> Predictors(LearnedModelSizes s)
    {
        AttnAe1Config Enc1() => new(DModel: s.PredictorDModel, Heads: s.Heads, Blocks: s.PredictorBlocks, Latent: Table4.Latent, MlpRatio: s.MlpRatio);
        AttnAe2Config Enc2() => new(DModel: s.PredictorDModel, Heads: s.Heads, Blocks: s.PredictorBlocks, Latent: Table4.Latent, GlobalTokens: s.GlobalTokens, MlpRatio: s.MlpRatio);
        return
        [
            new("mlp", "weights", "layers=4", false,
                (layout, outputs, head) => new MlpPredictor(new MlpPredictorConfig(Hidden: 128, Outputs: outputs, Head: head), layout.ParameterCount)),
            new("attnenc", "layer", "", false,
                (layout, outputs, head) => new AttnPred(new AttnEnc1(Enc1(), TokenScheme.Layer(layout)), outputs, head)),
            new("attnenc", "neurongroup", "", false, (layout, outputs, head) => new AttnPred(new AttnEnc2(Enc2(), layout), outputs, head)),
            new("attnenc", "neurongroup", "", true, (layout, outputs, head) => new AttnPred(new AttnEnc2(Enc2(), layout), outputs, head)),
        ];
    }

    /// <summary>Trains every learned row to test accuracy, lazily, in order.</summary>
    public static IEnumerable<PredictorResult> Learned(ZooDataset data, WeightLayout layout, ExperimentRows rows, TrainerConfig trainer,
        LearnedModelSizes sizes, Action<string> log) =>
        Predictors(sizes).Select(spec => PredictorExperiment.Run(spec, "accuracy", data, layout, rows, trainer, null, 0, log));

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 5.</summary>
        public static readonly ReportTable Spec = new("table5", 5, "Table 5 — accuracy prediction on tetris-seed and tetris-hyper, from weights and from statistics");
    }
}
