using System.Globalization;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;
using WeightSpace.Core.Training;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Figures 18 and 19 as the thesis made them (§4.3.3): Table 4's AttnAE II trained three times, with
/// permutations as always and (1) no noise, (2) Gaussian noise at a set SNR (10 dB) on its input, (3) the
/// same noise on its bottleneck; then each measured with test-time noise on the input and on the bottleneck
/// (<see cref="NoiseSweep"/>). The noise-free training's validation R² per training epoch is Figure 15's
/// right panel (the same model as Table 4's AttnAE II: same seed, data and trainer).
/// </summary>
public static class NoiseTraining
{
    /// <summary>One of the three trainings: where the training noise goes (none, input, bottleneck) and its model file id.</summary>
    public sealed record Variant(string Id, string Noise, double? InputSnrDb, double? BottleneckSnrDb)
    {
        /// <summary>The trainer of this variant: <paramref name="trainer"/> with its training noise.</summary>
        public TrainerConfig Trainer(TrainerConfig trainer) => trainer with { InputNoiseSnrDb = InputSnrDb, BottleneckNoiseSnrDb = BottleneckSnrDb };

        /// <summary>The augmentation column of its rows, e.g. "permutation+bottleneck-noise@10dB", "permutation" for none.</summary>
        public string Augmentation => (InputSnrDb ?? BottleneckSnrDb) is { } snr
            ? string.Create(CultureInfo.InvariantCulture, $"permutation+{Noise}-noise@{snr}dB")
            : "permutation";
    }

    /// <summary>The three trainings, noise at <paramref name="snrDb"/> dB; ids are file-safe and distinct from Table 4's.</summary>
    public static IReadOnlyList<Variant> Variants(double snrDb) =>
    [
        new("attnae2-noise-none", "none", null, null),
        new("attnae2-noise-input", "input", snrDb, null),
        new("attnae2-noise-bottleneck", "bottleneck", null, snrDb),
    ];

    /// <summary>The method column of every row: AttnAE II, apart from Table 4's and the test-time-only sweep's rows.</summary>
    public const string Method = "attnae2-noise-trained";

    /// <summary><paramref name="rows"/> (of <see cref="NoiseSweep.Run"/>) labelled with the variant: method and augmentation.</summary>
    public static IEnumerable<MetricRow> Label(IEnumerable<MetricRow> rows, Variant variant) =>
        rows.Select(r => r with { Key = r.Key with { Method = Method, Augmentation = variant.Augmentation } });

    /// <summary>
    /// Figure 15's right panel: validation reconstruction R² after each training epoch, 1 - MSE / (the validation
    /// weights' mean squared deviation from each weight's mean), the pooled R² of <see cref="RSquared.Pooled"/>.
    /// </summary>
    public static IEnumerable<MetricRow> Convergence(TrainingResult training, float[] validation, int width, string config, string dataset, int seed, string stage)
    {
        var n = validation.Length / width;
        var means = new double[width];
        for (var i = 0; i < validation.Length; i++) means[i % width] += validation[i];
        for (var j = 0; j < width; j++) means[j] /= n;
        var spread = 0.0;
        for (var i = 0; i < validation.Length; i++) spread += (validation[i] - means[i % width]) * (validation[i] - means[i % width]);
        spread /= validation.Length;
        foreach (var e in training.Epochs)
            yield return new MetricRow("fig15", dataset, "reconstruction", Method, "neurongroup", "permutation", $"{config};training-epoch={e.Epoch}",
                "validation-r2", 1 - e.ValidationLoss / spread, "validation", seed, stage) { At = new(Params: config, Epoch: e.Epoch) };
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stage running the experiment does not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>A series per training: "trained without noise", "trained with input noise at 10 dB", ...</summary>
        public static string Series(ReportRow r) =>
            r.Key.Augmentation == "permutation" ? "trained without noise"
            : r.Key.Augmentation.StartsWith("permutation+", StringComparison.Ordinal)
                ? "trained with " + r.Key.Augmentation["permutation+".Length..].Replace("-noise@", " noise at ", StringComparison.Ordinal).Replace("dB", " dB", StringComparison.Ordinal)
                : r.Key.Augmentation;

        /// <summary>Figure 18: R² against test-time SNR, a panel per noise location, a line per training.</summary>
        public static readonly ReportFigure Figure18 = new(18,
            "Figure 18 — reconstruction R² against the SNR of test-time Gaussian noise on the bottleneck (left) and on the input (right), " +
            "for AttnAE II trained without noise, with 10 dB noise on its input and with 10 dB noise on its bottleneck (tetris-seed, test models). " +
            "Thesis: the same three trainings, the whole test split. Ours: the same, on at most noise.max_test_rows test checkpoints evenly spaced " +
            "(of every attention.epoch_stride-th checkpoint epoch), at the attention budget (far fewer training epochs than the thesis' 8,000).",
            "Figure 18: reconstruction R² under test-time noise, AttnAE II by training noise (tetris-seed)",
            new NoiseTrainingSnrPlot(Method, Series)) { After = Table7.Report.Spec.Id };

        /// <summary>Figure 19: the three trainings at 10 dB on the bottleneck, R² per checkpoint epoch group.</summary>
        public static readonly ReportFigure Figure19 = new(19,
            "Figure 19 — reconstruction R² per checkpoint-epoch group with 10 dB test-time noise on the bottleneck, for the three trainings of Figure 18 " +
            "(tetris-seed, test models). Thesis: 74 checkpoint groups of its zoo. Ours: every checkpoint epoch of our tetris-seed zoo " +
            "(all test models of each epoch unless noise_training.max_group_rows caps them).",
            "Figure 19: R² per checkpoint epoch, {0:0.#} dB on the bottleneck, by training noise (tetris-seed)",
            new ByEpochAtSnrPlot("reconstruction R²", "bottleneck", 10, Series) { Method = Method }) { After = Table7.Report.Spec.Id };
    }
}
