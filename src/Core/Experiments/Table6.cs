using WeightSpace.Core.Baselines;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 6 (thesis §4.2.3): hyper-parameter prediction (macro F1 on the test models) on a zoo
/// that varies them (tetris-hyper): the activation and the init method.
/// Linear rows: a multinomial logistic classifier from the flat weights and each statistics scope.
/// Learned rows: Table 5's models minus the layer-token AttnEnc (not in the thesis' Table 6),
/// with a logits head trained with cross-entropy.
/// </summary>
public static class Table6
{
    /// <summary>Hyper-parameters classified when the zoo varies them: thesis target name -> zoo config column.</summary>
    public static readonly IReadOnlyList<(string Target, string Column)> HyperParameters = [("activation", "activation"), ("init", "w_init")];

    /// <summary>The linear rows: logistic classification of every target of <paramref name="data"/> from every input.</summary>
    public static IEnumerable<MetricRow> LinearRows(BaselineData data, BaselineOptions options) =>
        from target in data.Classes.Keys
        from input in data.Inputs
        from row in LinearBaselines.Logistic(data, options, "table6", target, input.Key, input.Value)
        select row;

    /// <summary>The learned rows' models, in the thesis' order.</summary>
    public static IReadOnlyList<PredictorSpec> Predictors(LearnedModelSizes sizes) =>
        Table5.Predictors(sizes).Where(p => p.Input != "layer").ToList();

    /// <summary>Trains every learned row for every hyper-parameter the zoo varies, lazily, in order; nothing for a zoo with one configuration.</summary>
    public static IEnumerable<PredictorResult> Learned(ZooDataset data, WeightLayout layout, ExperimentRows rows, TrainerConfig trainer,
        LearnedModelSizes sizes, Action<string> log)
    {
        foreach (var (target, column) in HyperParameters)
            if (data.Labels(column, out var levels) is { } labels)
                foreach (var spec in Predictors(sizes))
                    yield return PredictorExperiment.Run(spec, target, data, layout, rows, trainer, labels, levels.Count, log);
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 6.</summary>
        public static readonly ReportTable Spec = new("table6", 6, "Table 6 — hyper-parameter prediction (macro F1) on tetris-hyper");
    }
}
