using System.Diagnostics;
using System.Globalization;
using WeightSpace.Core.Baselines;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// How the zoo-size law trains (params' zoo_size section with the sections of the tables whose methods it reuses).
/// </summary>
/// <param name="Fractions">Shares of the training models, each seed's subsets nested (1 = all).</param>
/// <param name="Seeds">One subset draw and one initialisation per seed.</param>
/// <param name="Bootstrap">Bootstrap replicates over seeds behind the fit's uncertainty.</param>
/// <param name="Seed">The run's seed (the bootstrap's draws, the rows' seed column for what is not per seed).</param>
/// <param name="Methods">Which of <see cref="ZooSize.Methods"/> run.</param>
/// <param name="StatisticsStride">Epoch stride of LightGBM's and the log-linear model's rows (Table 8's LightGBM, cnn_baselines).</param>
/// <param name="Gbm">Table 8's LightGBM settings; its seed is replaced by each seed.</param>
/// <param name="RidgeAlphas">The log-linear accuracy model's penalties, chosen on validation.</param>
/// <param name="DnnStride">Epoch stride of the DNN's rows (Table 8's, cnn_table8).</param>
/// <param name="Dnn">Table 8's trainer for Unterthiner's DNN; its seed is replaced by each seed.</param>
/// <param name="Attention">AttnPred's settings (Tables 9 and 10), with this law's trainer budget and training-row cap.</param>
/// <param name="AttentionTable">Tables 9 and 10's own AttnPred trainer, to say when this law's budget is shorter.</param>
public sealed record ZooSizeConfig(
    IReadOnlyList<double> Fractions, IReadOnlyList<int> Seeds, int Bootstrap, int Seed, IReadOnlyList<string> Methods,
    int StatisticsStride, GradientBoostingConfig Gbm, IReadOnlyList<double> RidgeAlphas,
    int DnnStride, TrainerConfig Dnn,
    CnnAttentionConfig Attention, TrainerConfig AttentionTable);

/// <summary>
/// The zoo-size law (not a thesis table): the accuracy predictors of Tables 8-10 trained on nested shares of
/// a CNN zoo's training models, the validation and test models unchanged, a few seeds each, and per method the
/// saturating curve score(n) = max − a·n^(−b) fitted to the scores against the number of training models n.
/// The report (<see cref="ZooSizeTable"/>) sets each curve against the thesis' number: how many models the
/// method would need to reach it, or that it levels off below it. Test accuracy (R²) for every method; the
/// init (w_init) classification of Table 10 (macro F1) for its two methods.
/// </summary>
public static class ZooSize
{
    public const string Table = "zoo-size";

    /// <summary>The config of the fitted curve's rows and of a learned method's budget rows.</summary>
    public const string FitConfig = "fit", BudgetConfig = "budget";

    /// <summary>A subset's rows: config "fraction={f}", metric r2 or f1 per seed, "{metric}-sd" over seeds, "models" the training models.</summary>
    public static string FractionConfig(double fraction) => "fraction=" + fraction.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The methods, each with the thesis' method and input names; <see cref="Target"/> says which targets each has.</summary>
    public static readonly IReadOnlyList<string> Methods = ["gbm-paper", "loglinear", "dnn-paper", "attnpred"];

    /// <summary>One method on one target: the row names it is reported under.</summary>
    public sealed record Line(string Target, string Method, string Input, string Augmentation, string Metric);

    /// <summary>Every line of the law, in report order (accuracy R² first, then init F1).</summary>
    public static readonly IReadOnlyList<Line> Lines =
    [
        new("accuracy", "gbm-paper", "stats-layer", "none", "r2"),
        new("accuracy", "loglinear", "stats-layer", "none", "r2"),
        new("accuracy", "dnn-paper", "weights", "none", "r2"),
        new("accuracy", "attnpred", "neurongroup", "permutation", "r2"),
        new("init", "loglinear", "stats-layer", "none", "f1"),
        new("init", "attnpred", "neurongroup", "permutation", "f1"),
    ];

    /// <summary>The training models in a seeded order: the first <see cref="Count"/>(f) of them are fraction f's, so a smaller fraction's models are among every larger one's.</summary>
    public static int[] ModelOrder(ZooDataset data, int seed)
    {
        var models = data.Split.ModelsIn(SplitPart.Train).Order().ToArray();
        new Random(seed).Shuffle(models);
        return models;
    }

    /// <summary>How many training models fraction <paramref name="fraction"/> of <paramref name="models"/> is: rounded, at least one.</summary>
    public static int Count(double fraction, int models) => Math.Clamp((int)Math.Round(fraction * models, MidpointRounding.AwayFromZero), 1, models);

    /// <summary>The rows of <paramref name="rows"/> with their training rows cut to the checkpoints of <paramref name="models"/> (validation and test kept).</summary>
    public static ExperimentRows Keep(ExperimentRows rows, ZooDataset data, IReadOnlyCollection<int> models)
    {
        var keep = models.ToHashSet();
        return rows with { Train = rows.Train.Where(r => keep.Contains(data.ModelIds[r])).ToArray() };
    }

    /// <summary>Every row of the law on one zoo: per seed and fraction each method's test score, then per line the spread and the fitted curve.</summary>
    public static IEnumerable<MetricRow> Rows(ZooDataset data, WeightLayout layout, ZooSizeConfig c, string dataset, string stage, Action<string> log)
    {
        var statistics = Table10.LayerStatistics(layout).Compute(data.Weights.AsSpan());
        var init = Table10.HyperParameterTargets(data).FirstOrDefault(t => t.Name == "init");
        if (init is null) log("the zoo does not vary w_init: no init rows");
        var statisticRows = ExperimentRows.Of(data, c.StatisticsStride);
        var dnnRows = ExperimentRows.Of(data, c.DnnStride);
        var attentionRows = ExperimentRows.Of(data, c.Attention.EpochStride);
        var truth = (Accuracy: statisticRows.Test.Select(r => data.Accuracy[r]).ToArray(),
            Attention: attentionRows.Test.Select(r => data.Accuracy[r]).ToArray());
        var total = data.Split.ModelsIn(SplitPart.Train).Count();
        var scores = new List<(Line Line, double Fraction, int Models, int Seed, double Value)>();
        var clock = Stopwatch.StartNew();

        foreach (var seed in c.Seeds)
        {
            var order = ModelOrder(data, seed);
            foreach (var fraction in c.Fractions)
            {
                var count = Count(fraction, total);
                var models = order[..count];
                void Add(Line line, double value)
                {
                    scores.Add((line, fraction, count, seed, value));
                    log($"seed {seed}, {count} of {total} models: {line.Target} <- {line.Method} {line.Metric} {value:F3} ({clock.Elapsed.TotalSeconds:F1} s)");
                    clock.Restart();
                }
                bool Runs(string method) => c.Methods.Contains(method);

                if (Runs("gbm-paper") || Runs("loglinear"))
                {
                    var rows = Keep(statisticRows, data, models);
                    double[] Accuracy(int[] picked) => picked.Select(r => data.Accuracy[r]).ToArray();
                    if (Runs("gbm-paper"))
                    {
                        var gbm = GradientBoosting.Fit(statistics.SelectRows(rows.Train), Accuracy(rows.Train), statistics.SelectRows(rows.Validation),
                            Accuracy(rows.Validation), c.Gbm with { Seed = seed });
                        Add(Lines[0], Scores.R2(truth.Accuracy, gbm.Predict(statistics.SelectRows(rows.Test))));
                    }
                    if (Runs("loglinear"))
                        Add(Lines[1], Scores.R2(truth.Accuracy, LogitLinear(statistics, rows, data.Accuracy, c.RidgeAlphas)));
                }
                if (Runs("dnn-paper"))
                {
                    var table8 = new Table8Data(dataset, data, layout, Keep(dnnRows, data, models));
                    Add(Lines[2], Table8.Train(Table8.UnterthinerDnn, table8, c.Dnn with { Seed = seed }, _ => { }).R2);
                }
                var attention = c.Attention with { Trainer = c.Attention.Trainer with { Seed = seed } };
                var attentionTrain = Keep(attentionRows, data, models);
                attentionTrain = attentionTrain with { Train = LinearBaselines.Subsample(attentionTrain.Train, c.Attention.MaxTrainRows, seed) };
                if (Runs("attnpred"))
                {
                    var spec = Table9.AttnPred(attention, Table9.Scaling(data, layout, attentionTrain.Train));
                    var (predicted, _) = PredictorExperiment.PredictAccuracy(spec, data, layout, attentionTrain, attention.Trainer, _ => { });
                    Add(Lines[3], Scores.R2(truth.Attention, predicted));
                }
                if (init is null) continue;
                if (Runs("loglinear")) Add(Lines[4], Table10.LogLinear(init, statistics, data, attentionTrain, attention).F1);
                if (Runs("attnpred")) Add(Lines[5], Table10.AttnPredClasses(init, data, layout, attentionTrain, attention, _ => { }).F1);
            }
        }
        return Summarise(scores, c, dataset, stage, log);
    }

    /// <summary>
    /// The log-linear accuracy model: ridge regression of logit(accuracy) on the per-layer statistics (Unterthiner et
    /// al.'s logit-linear model; accuracy clipped to [0.001, 0.999]), the penalty chosen by validation MSE, the
    /// prediction mapped back by the logistic function. Its test-row predictions.
    /// </summary>
    public static double[] LogitLinear(FeatureMatrix statistics, ExperimentRows rows, double[] accuracy, IReadOnlyList<double> alphas)
    {
        double[] Logit(int[] picked) => picked.Select(r => { var p = Math.Clamp(accuracy[r], 1e-3, 1 - 1e-3); return Math.Log(p / (1 - p)); }).ToArray();
        var fit = RidgeRegression.SelectAlpha(statistics.SelectRows(rows.Train), Logit(rows.Train), statistics.SelectRows(rows.Validation), Logit(rows.Validation), [.. alphas]);
        return fit.Model.Predict(statistics.SelectRows(rows.Test)).Select(z => 1 / (1 + Math.Exp(-z))).ToArray();
    }

    private static IEnumerable<MetricRow> Summarise(List<(Line Line, double Fraction, int Models, int Seed, double Value)> scores, ZooSizeConfig c,
        string dataset, string stage, Action<string> log)
    {
        var rows = new List<MetricRow>();
        foreach (var line in Lines)
        {
            var mine = scores.Where(s => s.Line == line).ToList();
            if (mine.Count == 0) continue;
            MetricRow Row(string config, string metric, double value, string split, int seed) =>
                new(Table, dataset, line.Target, line.Method, line.Input, line.Augmentation, config, metric, value, split, seed, stage);
            foreach (var at in mine.GroupBy(s => s.Fraction))
            {
                var config = FractionConfig(at.Key);
                rows.AddRange(at.Select(s => Row(config, line.Metric, s.Value, "test", s.Seed)));
                rows.Add(Row(config, line.Metric + "-sd", SaturatingFit.Sd(at.Select(s => s.Value)), "test", c.Seed));
                rows.Add(Row(config, "models", at.First().Models, "all", c.Seed));
            }
            if (SaturatingFit.Of(mine.Select(s => (double)s.Models).ToList(), mine.Select(s => s.Value).ToList(), c.Bootstrap, c.Seed) is { } fit)
            {
                log($"{line.Target} <- {line.Method}: {line.Metric}(n) = {fit.Curve.Max:F3} (± {fit.MaxSd:F3}) - {fit.Curve.A:F3} n^-{fit.Curve.B:F3}");
                rows.Add(Row(FitConfig, "max", fit.Curve.Max, "test", c.Seed));
                rows.Add(Row(FitConfig, "max-sd", fit.MaxSd, "test", c.Seed));
                rows.Add(Row(FitConfig, "a", fit.Curve.A, "test", c.Seed));
                rows.Add(Row(FitConfig, "b", fit.Curve.B, "test", c.Seed));
            }
            if (line.Method is "attnpred")
            {
                rows.Add(Row(BudgetConfig, "epochs", c.Attention.Trainer.Epochs, "all", c.Seed));
                rows.Add(Row(BudgetConfig, "patience", c.Attention.Trainer.Patience ?? c.Attention.Trainer.Epochs, "all", c.Seed));
                rows.Add(Row(BudgetConfig, "table-epochs", c.AttentionTable.Epochs, "all", c.Seed));
                rows.Add(Row(BudgetConfig, "table-patience", c.AttentionTable.Patience ?? c.AttentionTable.Epochs, "all", c.Seed));
            }
        }
        return rows;
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's zoo-size table, after the thesis' CNN tables; its summary reads the thesis' numbers of Tables 9 and 10.</summary>
        public static readonly ReportTable Spec = new(Table, 11, "Zoo-size law (not a thesis table) — test score against the number of training models, CNN zoos")
        {
            Notes = ZooSizeTable.Notes,
            Lead = ZooSizeTable.Render,
            LeadReads = [Table9.Table, Table10.Table],
        };

        /// <summary>The law's figure: score against training models (log axis), a panel per image set and target.</summary>
        public static readonly ReportFigure Figure = new(100, "Zoo-size law (not a thesis figure) — test score against the number of training models, " +
            "mean ± sd over seeds, the fitted curve and the thesis' number (dashed), per method",
            "Zoo-size law: test score against training models", new ZooSizePlot()) { After = Table };
    }
}
