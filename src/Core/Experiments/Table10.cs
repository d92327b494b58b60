using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 10 (thesis §4.4.3): hyper-parameter prediction on a CNN zoo — activation, init and
/// optimizer macro F1, and the checkpoint epoch — by a log-linear classifier on Unterthiner's
/// per-layer statistics and by AttnPred (<see cref="Table9.Encoder"/>, trained with permutations).
/// The epoch is predicted by AttnPred both as a class (config "classification") and, as the
/// thesis reports it, by regression on the epoch group rounded to the nearest group (config
/// "regression"). Figures 20–22 come from the same predictions: per-class recall per epoch group,
/// the test-accuracy distribution per epoch group, and the epoch confusion matrix with the
/// distribution of the regressed group.
/// </summary>
public static class Table10
{
    public const string Table = "table10";

    public const string RecallFigure = "fig20";
    public const string AccuracyFigure = "fig21";
    public const string EpochFigure = "fig22";
    public const string Epoch = "epoch";

    /// <summary>Hyper-parameters classified when the zoo varies them: thesis target name -> zoo config column.</summary>
    public static readonly IReadOnlyList<(string Target, string Column)> HyperParameters =
        [("activation", "activation"), ("init", "w_init"), ("optimizer", "optimizer")];

    /// <summary>Quantiles of the distributions in Figures 21 and 22.</summary>
    public static readonly StatisticSet Quantiles = StatisticSet.Parse(["p0", "p25", "p50", "p75", "p100"]);

    /// <summary>Unterthiner et al.'s statistics: per layer, kernel and bias apart, mean, std and five percentiles.</summary>
    public static WeightStatistics LayerStatistics(WeightLayout layout) => new(layout, Unterthiner, StatisticScope.LayerKernelBias);

    /// <summary>Unterthiner et al.'s per-tensor set: mean, std and the percentiles 0, 25, 50, 75, 100.</summary>
    public static readonly StatisticSet Unterthiner = StatisticSet.Parse(["mean", "std", "p0", "p25", "p50", "p75", "p100"]);

    /// <summary>The hyper-parameters the zoo varies (a constant or absent column is skipped).</summary>
    public static IReadOnlyList<ClassTarget> HyperParameterTargets(ZooDataset data) =>
        HyperParameters.Select(h => data.Labels(h.Column, out var levels) is { } labels ? new ClassTarget(h.Target, labels, levels) : null)
            .OfType<ClassTarget>().ToList();

    /// <summary>The checkpoint epoch as a class: one per distinct epoch, in increasing order.</summary>
    public static ClassTarget EpochTarget(ZooDataset data)
    {
        var epochs = Epochs(data);
        return new ClassTarget(Epoch, data.Epochs.Select(e => Array.BinarySearch(epochs, e)).ToArray(),
            epochs.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Every row of the table and of Figures 20–22 for one zoo, in order (lazily: each model trains when its rows are asked for).</summary>
    public static IEnumerable<MetricRow> Rows(ZooDataset data, WeightLayout layout, CnnAttentionConfig c, string dataset, string stage, Action<string> log)
    {
        var seed = c.Trainer.Seed;
        foreach (var row in AccuracyByEpoch(data, dataset, seed, stage)) yield return row;

        var statistics = LayerStatistics(layout).Compute(data.Weights.AsSpan());
        var hyperRows = c.Rows(data, c.EpochStride);
        foreach (var target in HyperParameterTargets(data))
            foreach (var outcome in new[] { LogLinear(target, statistics, data, hyperRows, c), AttnPredClasses(target, data, layout, hyperRows, c, log) })
            {
                log($"{target.Name} <- {outcome.Method}: f1 {outcome.F1:F3}");
                foreach (var row in outcome.TableRows(Table, dataset, seed, stage).Concat(outcome.RecallRows(RecallFigure, dataset, seed, stage)))
                    yield return row;
            }

        // The epoch needs every epoch in training, so no stride here; MaxTrainRows caps the cost.
        var epochRows = c.Rows(data, 1);
        var epoch = EpochTarget(data);
        foreach (var outcome in new[] { LogLinear(epoch, statistics, data, epochRows, c), AttnPredClasses(epoch, data, layout, epochRows, c, log) with { Config = "classification" } })
        {
            log($"epoch <- {outcome.Method} {outcome.Config}: f1 {outcome.F1:F3}");
            foreach (var row in outcome.TableRows(Table, dataset, seed, stage)) yield return row;
        }
        var (regression, group) = AttnPredEpochRegression(epoch, data, layout, epochRows, c, log);
        log($"epoch <- attnpred regression: f1 {regression.F1:F3}");
        foreach (var row in regression.TableRows(Table, dataset, seed, stage).Concat(regression.ConfusionRows(EpochFigure, dataset, seed, stage)))
            yield return row;
        var truthGroup = regression.Truth.Select(t => (double)t).ToArray();
        // A constant prediction has no ranking: tau-b is 0/0, and the row is left out rather than written as NaN.
        if (Scores.KendallTauB(truthGroup, group) is var kendall && !double.IsNaN(kendall))
            yield return new MetricRow(Table, dataset, Epoch, regression.Method, regression.Input, regression.Augmentation, regression.Config,
                "kendall", kendall, "test", seed, stage);
        foreach (var row in Distribution(regression.Truth, group, Epochs(data), EpochFigure, dataset, Epoch, "attnpred", "neurongroup", "permutation", "predicted-group", seed, stage))
            yield return row;
    }

    /// <summary>Figure 21: quantiles of the test accuracy of all checkpoints of each epoch group, config "q={p};epoch={e}".</summary>
    public static IEnumerable<MetricRow> AccuracyByEpoch(ZooDataset data, string dataset, int seed, string stage)
    {
        var epoch = EpochTarget(data);
        return Distribution(epoch.Labels, data.Accuracy, Epochs(data), AccuracyFigure, dataset, "accuracy", "zoo", "metrics", "none", "accuracy", seed, stage, "all");
    }

    /// <summary>A multinomial logistic classifier on the per-layer statistics, C chosen by validation macro F1.</summary>
    public static ClassOutcome LogLinear(ClassTarget target, FeatureMatrix statistics, ZooDataset data, ExperimentRows rows, CnnAttentionConfig c)
    {
        int[] Pick(int[] picked) => picked.Select(r => target.Labels[r]).ToArray();
        var fit = LogisticRegression.SelectC(statistics.SelectRows(rows.Train), Pick(rows.Train), statistics.SelectRows(rows.Validation), Pick(rows.Validation),
            c.LogisticCs, target.Levels.Count);
        return new ClassOutcome(target, "loglinear", "stats-layer", "none", "", Pick(rows.Test), fit.Model.Predict(statistics.SelectRows(rows.Test)),
            rows.Test.Select(r => data.Epochs[r]).ToArray(), 0);
    }

    /// <summary>AttnPred with a logits head, trained with cross-entropy and permutations; the class is the argmax.</summary>
    public static ClassOutcome AttnPredClasses(ClassTarget target, ZooDataset data, WeightLayout layout, ExperimentRows rows, CnnAttentionConfig c, Action<string> log)
    {
        var k = target.Levels.Count;
        var model = Train(data, rows.Train, layout, c, k, PredictionHead.Logits, Objective.Classification,
            ExperimentData.Classes(data, rows.Train, target.Labels), ExperimentData.Classes(data, rows.Validation, target.Labels), log);
        var logits = Trainer.Predict(model, data.WeightsOf(rows.Test), data.Parameters);
        var predicted = Enumerable.Range(0, rows.Test.Length).Select(i => ArgMax(logits.AsSpan(i * k, k))).ToArray();
        return new ClassOutcome(target, "attnpred", "neurongroup", "permutation", "", rows.Test.Select(r => target.Labels[r]).ToArray(), predicted,
            rows.Test.Select(r => data.Epochs[r]).ToArray(), model.parameters().Sum(p => p.numel()));
    }

    /// <summary>
    /// AttnPred with a sigmoid head regressing the epoch group scaled to [0, 1] (MSE); the class is the
    /// nearest group. Also returns each test row's regressed group, unrounded.
    /// </summary>
    public static (ClassOutcome Outcome, double[] Group) AttnPredEpochRegression(ClassTarget epoch, ZooDataset data, WeightLayout layout, ExperimentRows rows,
        CnnAttentionConfig c, Action<string> log)
    {
        var last = epoch.Levels.Count - 1;
        if (last < 1) throw new ArgumentException("the zoo has one checkpoint epoch; there is no epoch to predict", nameof(epoch));
        TrainingData Scaled(int[] picked) =>
            new(data.WeightsOf(picked), data.Parameters, picked.Select(r => epoch.Labels[r] / (float)last).ToArray(), 1);
        var model = Train(data, rows.Train, layout, c, 1, PredictionHead.Sigmoid, Objective.Regression, Scaled(rows.Train), Scaled(rows.Validation), log);
        var group = Trainer.Predict(model, data.WeightsOf(rows.Test), data.Parameters).Select(v => (double)v * last).ToArray();
        var predicted = group.Select(g => (int)Math.Clamp(Math.Round(g, MidpointRounding.AwayFromZero), 0, last)).ToArray();
        return (new ClassOutcome(epoch, "attnpred", "neurongroup", "permutation", "regression", rows.Test.Select(r => epoch.Labels[r]).ToArray(), predicted,
            rows.Test.Select(r => data.Epochs[r]).ToArray(), model.parameters().Sum(p => p.numel())), group);
    }

    private static nn.Module<Tensor, Tensor> Train(ZooDataset data, int[] trainRows, WeightLayout layout, CnnAttentionConfig c, int outputs, PredictionHead head, Objective objective,
        TrainingData train, TrainingData validation, Action<string> log)
    {
        manual_seed(c.Trainer.Seed);
        var model = Table9.AttnPred(c, Table9.Scaling(data, layout, trainRows)).Build(layout, outputs, head);
        new Trainer(c.Trainer with { Permute = true }, objective, layout, log).Fit(model, train, validation);
        return model;
    }

    /// <summary>The zoo's checkpoint epochs, in increasing order: the epoch target's classes.</summary>
    private static int[] Epochs(ZooDataset data) => data.Epochs.Distinct().Order().ToArray();

    /// <summary>Quantiles of <paramref name="values"/> within each group, config "q={p};epoch={group's epoch}" (quantile and epoch as typed coordinates).</summary>
    private static IEnumerable<MetricRow> Distribution(int[] groups, double[] values, IReadOnlyList<int> epochs, string figure, string dataset,
        string target, string method, string input, string augmentation, string metric, int seed, string stage, string split = "test")
    {
        var output = new double[Quantiles.Count];
        for (var g = 0; g < epochs.Count; g++)
        {
            var picked = Enumerable.Range(0, groups.Length).Where(i => groups[i] == g).Select(i => values[i]).ToArray();
            if (picked.Length == 0) continue;
            WeightStatistics.Summarise(picked, Quantiles, output);
            for (var q = 0; q < Quantiles.Count; q++)
                yield return new MetricRow(figure, dataset, target, method, input, augmentation,
                    $"q={Quantiles.Statistics[q].Name};epoch={epochs[g].ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    metric, output[q], split, seed, stage) { At = new(Quantile: Quantiles.Statistics[q].Name, Epoch: epochs[g]) };
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 10.</summary>
        public static readonly ReportTable Spec = new(Table, 10, "Table 10 — hyper-parameter and epoch classification (macro F1) with AttnPred");

        /// <summary>Figure 20: the recall of each class per checkpoint-epoch group, a panel per target and classifier.</summary>
        public static readonly ReportFigure Figure20 = new(20,
            "Figure 20 — recall of each class per checkpoint-epoch group, a row of panels per hyper-parameter, AttnPred left and log-linear right " +
            "(MNIST CNN zoo, test models). Thesis: the same layout on the Small CNN Zoo's MNIST models (30,000). Ours: our MNIST CNN zoo, " +
            "far smaller, and the checkpoint epochs our zoo keeps.",
            "Figure 20: per-class recall by checkpoint epoch (MNIST CNN zoo, test models)",
            new RecallGridPlot([("attnpred", "AttnPred"), ("loglinear", "log-linear")])) { Dataset = ZooNames.Mnist.Dataset, After = Spec.Id };

        /// <summary>Figure 21: the test-accuracy quantiles per checkpoint-epoch group, a line per quantile.</summary>
        public static readonly ReportFigure Figure21 = new(21, "Figure 21 — test-accuracy distribution per epoch group, CNN zoo",
            "Figure 21: test-accuracy quantiles per checkpoint-epoch group (MNIST CNN zoo)",
            new ByEpochPlot("test accuracy", r => $"{r.Key.Method} q={r.At.Quantile} ({r.Key.Augmentation})")) { Dataset = ZooNames.Mnist.Dataset, After = Spec.Id };

        /// <summary>Figure 22: the epoch confusion matrix of AttnPred's regression, with the regressed group's quantiles.</summary>
        public static readonly ReportFigure Figure22 = new(22, "Figure 22 — epoch prediction on the CNN zoo: confusion matrix and per-group distribution",
            "Figure 22: epoch prediction by AttnPred regression (MNIST CNN zoo, test models)", new EpochConfusionPlot()) { Dataset = ZooNames.Mnist.Dataset, After = Spec.Id };
    }
}
