using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 7 (thesis §4.2.2): how much of a model's test accuracy its AttnAE II bottleneck holds —
/// a linear probe (ridge, penalty chosen on the validation models) and a 3-layer MLP probe (hidden
/// 64) from the 20-value code of Table 4's trained AttnAE II (<see cref="Table4.AttnAe2Id"/>) to
/// test accuracy, on tetris-seed.
/// </summary>
public static class Table7
{
    public const string Zoo = Table4.Zoo;

    /// <summary>The auto-encoder whose bottleneck is probed: Table 4's AttnAE II row.</summary>
    public static AutoEncoderSpec Source(LearnedModelSizes sizes) => Table4.Models(sizes).Single(m => m.Id == Table4.AttnAe2Id);

    /// <summary>Fits both probes on <paramref name="encoder"/>'s codes and returns Table 7's rows.</summary>
    /// <param name="alphas">ridge penalties tried for the linear probe.</param>
    /// <param name="trainer">the MLP probe's training settings (permutation is turned off: codes are not weights).</param>
    public static IReadOnlyList<MetricRow> Run(IWeightEncoder encoder, AutoEncoderSpec source, ZooDataset data, ExperimentRows rows,
        IReadOnlyList<double> alphas, TrainerConfig trainer, string dataset, int seed, string stage, Action<string> log)
    {
        var probes = ProbeExperiment.Run(encoder, data, rows, alphas, trainer, log);
        var from = $"latent={encoder.LatentSize};from={source.Method}";
        MetricRow Row(string method, string config, double value) =>
            new("table7", dataset, "accuracy", method, "bottleneck", source.Augmentation, config, "r2", value, "test", seed, stage);
        return [Row("linreg", from, probes["linreg"]), Row("mlp", $"{from};layers=3", probes["mlp"])];
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 7.</summary>
        public static readonly ReportTable Spec = new("table7", 7, "Table 7 — accuracy prediction from the AttnAE II bottleneck");
    }
}
