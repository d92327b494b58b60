using System.Diagnostics;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 9 (thesis §4.4.1): test-accuracy prediction on a CNN zoo by AttnPred — AttnEnc II on
/// neuronGroup tokens (58 on the Small CNN: 48 conv filters, 10 dense units) with a sigmoid head —
/// trained with function-preserving permutations of the conv filters. R² with Kendall's tau-b
/// beside it; the LightGBM and DNN rows of the table come from Table 8's stages.
/// </summary>
public static class Table9
{
    public const string Table = "table9";

    /// <summary>
    /// The thesis' AttnPred row: its config column names the thesis' size (~600K parameters); ours is in the params row.
    /// The encoder reads the weights standardised per layout variable with <paramref name="scaling"/> (see <see cref="Scaling"/>).
    /// </summary>
    public static PredictorSpec AttnPred(CnnAttentionConfig c, (float[] Shift, float[] Scale) scaling) =>
        new("attnpred", "neurongroup", "params~600K", true,
            (layout, outputs, head) => new AttnPred(new ScaledEncoder(Encoder(c, layout), scaling.Shift, scaling.Scale), outputs, head));

    /// <summary>The input scaling of AttnPred: one mean and std per kernel and per bias, fitted on the training rows only.</summary>
    public static (float[] Shift, float[] Scale) Scaling(ZooDataset data, WeightLayout layout, int[] trainRows) =>
        ScaledEncoder.FitPerVariable(data.Weights, trainRows, layout);

    /// <summary>AttnEnc II at the configured size, with a 128-value bottleneck as the thesis' CNN models.</summary>
    public static AttnEnc2 Encoder(CnnAttentionConfig c, WeightLayout layout) =>
        new(new AttnAe2Config(DModel: c.DModel, Heads: c.Heads, Blocks: c.Blocks, Latent: Sec442.Latent, GlobalTokens: c.GlobalTokens, MlpRatio: c.MlpRatio), layout);

    /// <summary>
    /// Trains AttnPred to test accuracy: r2, mse and kendall on the test models and the parameter
    /// count. With <see cref="CnnAttentionConfig.Ensemble"/> k &gt; 1, k AttnPreds train (seeds seed,
    /// seed + 1, ...) and the mean of their predictions is scored as a row of its own (config "mean of
    /// k seeds"); the first of them is the single-model row, the thesis' row.
    /// </summary>
    public static IEnumerable<MetricRow> Rows(ZooDataset data, WeightLayout layout, CnnAttentionConfig c, string dataset, string stage, Action<string> log)
    {
        var rows = c.Rows(data, c.EpochStride);
        var spec = AttnPred(c, Scaling(data, layout, rows.Train));
        var clock = Stopwatch.StartNew();
        var sum = new double[rows.Test.Length];
        var result = new List<MetricRow>();
        long parameters = 0;
        for (var k = 0; k < c.Ensemble; k++)
        {
            var (predicted, size) = PredictorExperiment.PredictAccuracy(spec, data, layout, rows, c.Trainer with { Seed = c.Trainer.Seed + k }, log);
            var scores = PredictorExperiment.AccuracyScores(data, rows, predicted);
            if (c.Ensemble > 1)
                log($"attnpred seed {c.Trainer.Seed + k}: r2 {scores["r2"]:F3}, kendall {scores["kendall"]:F3}");
            if (k == 0)
                result.AddRange(new PredictorResult(spec, "accuracy", scores, size, clock.Elapsed.TotalSeconds).Rows(Table, dataset, c.Trainer.Seed, stage));
            for (var i = 0; i < sum.Length; i++) sum[i] += predicted[i];
            parameters += size;
        }
        if (c.Ensemble > 1)
        {
            var mean = sum.Select(v => v / c.Ensemble).ToArray();
            var ensemble = spec with { Config = EnsembleConfig(c.Ensemble) };
            result.AddRange(new PredictorResult(ensemble, "accuracy", PredictorExperiment.AccuracyScores(data, rows, mean), parameters, clock.Elapsed.TotalSeconds)
                .Rows(Table, dataset, c.Trainer.Seed, stage));
        }
        return result;
    }

    /// <summary>The config label of the ensemble row.</summary>
    public static string EnsembleConfig(int members) => $"mean of {members} seeds";

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>
        /// The report's Table 9. It sets AttnPred beside the best of Unterthiner et al.'s baselines, LightGBM on
        /// per-layer statistics and their DNN on weights: Table 8 measures both on the same split, and they are
        /// shown again here under Table 9's row names (which carry no config).
        /// </summary>
        public static readonly ReportTable Spec = new(Table, 9, "Table 9 — accuracy prediction R²: AttnPred against the best of Unterthiner et al.")
        {
            Borrowed = [new(Table8.Table, "gbm-paper", "stats-layer"), new(Table8.Table, "dnn-paper", "weights")],
        };
    }
}
