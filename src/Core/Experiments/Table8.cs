using System.Diagnostics;
using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>One learned row of Table 8: the thesis' method, input and config labels and how to build the model for a layout.</summary>
public sealed record Table8Model(string Method, string Input, string Config, Func<WeightLayout, nn.Module<Tensor, Tensor>> Build);

/// <summary>The scores of one Table 8 row on the test models, with what it cost.</summary>
/// <param name="Size">parameters of a network, trees of a boosted ensemble.</param>
/// <param name="Epochs">training epochs run (0 for LightGBM).</param>
/// <param name="EpochSeconds">median seconds of one training epoch (0 for LightGBM).</param>
public sealed record Table8Result(string Method, string Input, string Config, double R2, double Mse, double Kendall, long Size, double Seconds, int Epochs, double EpochSeconds = 0)
{
    /// <summary>r2, mse, kendall on the test split, and the size: "params" (a network, split all) or "trees" (LightGBM, chosen on validation).</summary>
    public IEnumerable<MetricRow> ToRows(string dataset, int seed, string stage)
    {
        MetricRow Row(string metric, double value, string split = "test") =>
            new(Table8.Table, dataset, "accuracy", Method, Input, "none", Config, metric, value, split, seed, stage);
        yield return Row("r2", R2);
        yield return Row("mse", Mse);
        // A constant prediction (e.g. LightGBM's single leaf on a tiny zoo) has no ranking: tau-b is 0/0, no row.
        if (!double.IsNaN(Kendall)) yield return Row("kendall", Kendall);
        yield return Method.StartsWith("gbm", StringComparison.Ordinal) ? Row("trees", Size, "validation") : Row("params", Size, "all");
    }
}

/// <summary>
/// One CNN zoo ready for Table 8: the zoo, its layout, the three row sets, and (built on first use)
/// the weights standardised per weight with the training rows' mean and standard deviation, which
/// every network row takes as input.
/// </summary>
public sealed class Table8Data(string dataset, ZooDataset zoo, WeightLayout layout, ExperimentRows rows)
{
    private (float[] Train, float[] Validation, float[] Test)? _standardized;

    /// <summary>The thesis' name of the image set (mnist, fashion, svhn, cifar10); see <see cref="Table8.Dataset"/>.</summary>
    public string Dataset => dataset;
    public ZooDataset Zoo => zoo;
    public WeightLayout Layout => layout;
    public ExperimentRows Rows => rows;

    public double[] Accuracy(int[] picked) => picked.Select(r => zoo.Accuracy[r]).ToArray();

    /// <summary>Train, validation and test weights, each weight standardised with the training rows' statistics.</summary>
    public (float[] Train, float[] Validation, float[] Test) Standardized()
    {
        if (_standardized is { } done) return done;
        var p = zoo.Parameters;
        var mean = new double[p];
        var square = new double[p];
        foreach (var r in rows.Train)
        {
            var w = zoo.Weights.AsSpan(r * p, p);
            for (var j = 0; j < p; j++) { mean[j] += w[j]; square[j] += (double)w[j] * w[j]; }
        }
        var n = rows.Train.Length;
        var scale = new double[p];
        for (var j = 0; j < p; j++)
        {
            mean[j] /= n;
            var sd = Math.Sqrt(Math.Max(0, square[j] / n - mean[j] * mean[j]));
            scale[j] = sd > 1e-12 ? 1 / sd : 1; // a constant weight stays centred at 0
        }
        float[] Apply(int[] picked)
        {
            var x = zoo.WeightsOf(picked);
            for (var i = 0; i < x.Length; i++) { var j = i % p; x[i] = (float)((x[i] - mean[j]) * scale[j]); }
            return x;
        }
        _standardized = (Apply(rows.Train), Apply(rows.Validation), Apply(rows.Test));
        return _standardized.Value;
    }
}

/// <summary>
/// Table 8 (thesis §4.4.1): Unterthiner et al.'s baselines — LightGBM on the raw weights and on
/// their per-layer statistics, and their DNN on the weights — beside the thesis' own models on the
/// weights cut in four chunks: a 10-layer DNN, GRU + attention, a transformer encoder + MLP, the
/// same with positions and per-chunk embedders (~54M parameters), and MLPLayer + Sum. Every row
/// is trained on the train models, early-stopped on the validation models and scored (R², MSE,
/// Kendall's tau-b) on all checkpoints of the test models. Networks read standardised weights.
/// </summary>
public static class Table8
{
    public const string Table = "table8";

    /// <summary>The thesis' input name for the chunk tokens (the reference spells "chunks4"); the scheme is chunks:4.</summary>
    public const string ChunkInput = "chunks4";

    /// <summary>Our zoo name -> the thesis' dataset name: cnn-mnist -> mnist, cnn-fashion -> fashion; other names pass unchanged.</summary>
    public static string Dataset(string zoo) => zoo.StartsWith("cnn-", StringComparison.Ordinal) ? zoo["cnn-".Length..] : zoo;

    /// <summary>Unterthiner et al.'s statistics: per layer, kernel and bias apart, mean, std and five percentiles (56 on the CNN zoo).</summary>
    public static WeightStatistics LayerStatistics(WeightLayout layout) => new(layout, StatisticSet.Unterthiner, StatisticScope.LayerKernelBias);

    /// <summary>Unterthiner et al.'s DNN on the raw weights.</summary>
    public static Table8Model UnterthinerDnn { get; } =
        new("dnn-paper", "weights", "params~1.5-3.6M", layout => new DnnPredictor(DnnConfig.Unterthiner, layout.ParameterCount));

    /// <summary>
    /// The thesis' models in its order. <paramref name="thesisSizes"/> false shrinks the ~54M-parameter
    /// transformer to d=128, two blocks, embedders of 256 (~2M); its config column then says "shrunk".
    /// </summary>
    public static IReadOnlyList<Table8Model> ThesisModels(bool thesisSizes)
    {
        static TokenScheme Chunks(WeightLayout layout) => TokenScheme.Chunks(layout, 4);
        var positions = thesisSizes
            ? ChunkTransformerConfig.ThesisWithPositions
            : ChunkTransformerConfig.ThesisWithPositions with { DModel = 128, Heads = 4, Blocks = 2, EmbedHidden = 256 };
        return
        [
            new("dnn", "weights", "layers=10;params~1.8M", layout => new DnnPredictor(DnnConfig.Thesis, layout.ParameterCount)),
            new("gru-attn", ChunkInput, "params~2M", layout => new GruAttention(new GruAttentionConfig(), Chunks(layout))),
            new("transformer-mlp", ChunkInput, "params~2M", layout => new ChunkTransformer(ChunkTransformerConfig.Thesis, Chunks(layout))),
            new("transformer-pos-mlp", ChunkInput, thesisSizes ? "params~54M" : "shrunk:d=128;N=2;params~2M",
                layout => new ChunkTransformer(positions, Chunks(layout))),
            new("mlplayer-sum", ChunkInput, "params~800K", layout => new MlpLayerSum(new MlpLayerSumConfig(), Chunks(layout))),
        ];
    }

    /// <summary>LightGBM on the raw weights, then on <see cref="LayerStatistics"/>.</summary>
    public static IEnumerable<Table8Result> GradientBoosting(Table8Data data, GradientBoostingConfig config, Action<string> log)
    {
        var (train, validation, test) = (data.Rows.Train, data.Rows.Validation, data.Rows.Test);
        var p = data.Zoo.Parameters;
        var clock = Stopwatch.StartNew();
        var onWeights = Learning.GradientBoosting.Fit(data.Zoo.WeightsOf(train), p, data.Accuracy(train), data.Zoo.WeightsOf(validation), data.Accuracy(validation), config);
        yield return Score("gbm-paper", "weights", "", data.Accuracy(test), onWeights.Predict(data.Zoo.WeightsOf(test), p), onWeights.Trees, clock, 0, log);

        clock.Restart();
        var statistics = LayerStatistics(data.Layout);
        FeatureMatrix Stats(int[] picked) => statistics.Compute(data.Zoo.WeightsOf(picked).AsMemory());
        var onStatistics = Learning.GradientBoosting.Fit(Stats(train), data.Accuracy(train), Stats(validation), data.Accuracy(validation), config);
        yield return Score("gbm-paper", "stats-layer", "", data.Accuracy(test), onStatistics.Predict(Stats(test)), onStatistics.Trees, clock, 0, log);
    }

    /// <summary>Trains one network on the standardised weights to test accuracy (MSE, sigmoid head) and scores it.</summary>
    public static Table8Result Train(Table8Model spec, Table8Data data, TrainerConfig trainer, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var (train, validation, test) = data.Standardized();
        var p = data.Zoo.Parameters;
        float[] Targets(int[] picked) => picked.Select(r => (float)data.Zoo.Accuracy[r]).ToArray();
        manual_seed(trainer.Seed);
        using var model = spec.Build(data.Layout);
        var result = new Trainer(trainer with { Permute = false }, Objective.Regression, log: log).Fit(model,
            new TrainingData(train, p, Targets(data.Rows.Train), 1), new TrainingData(validation, p, Targets(data.Rows.Validation), 1));
        var predicted = Trainer.Predict(model, test, p).Select(v => (double)v).ToArray();
        var parameters = model.parameters().Sum(t => t.numel());
        var epochSeconds = result.Epochs.Select(e => e.Seconds).Order().ElementAt(result.Epochs.Count / 2);
        return Score(spec.Method, spec.Input, spec.Config, data.Accuracy(data.Rows.Test), predicted, parameters, clock, result.Epochs.Count, log) with { EpochSeconds = epochSeconds };
    }

    /// <summary>The tau-b ceiling of this zoo's test set (see <see cref="KendallCeiling"/>).</summary>
    public static MetricRow CeilingRow(Table8Data data, int seed, string stage) =>
        KendallCeiling.Row(Table, data.Dataset, data.Accuracy(data.Rows.Test), seed, stage);

    private static Table8Result Score(string method, string input, string config, double[] truth, double[] predicted, long size, Stopwatch clock, int epochs, Action<string> log)
    {
        var result = new Table8Result(method, input, config, Scores.R2(truth, predicted), Scores.Mse(truth, predicted),
            Scores.KendallTauB(truth, predicted), size, clock.Elapsed.TotalSeconds, epochs);
        log($"{method} on {input}{(config.Length > 0 ? $" ({config})" : "")}: r2 {result.R2:F4}, kendall {result.Kendall:F4}, {size} {(epochs == 0 ? "trees" : "parameters")}, {epochs} epochs, {result.Seconds:F1} s");
        return result;
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 8.</summary>
        public static readonly ReportTable Spec = new(Table, 8, "Table 8 — Unterthiner et al.'s baselines, our implementation (MNIST, SVHN)");
    }
}
