using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Table 4 (thesis §4.2.1): reconstruction R² on tetris-seed's test models of PCA, an MLP
/// auto-encoder, three AttnAE I and AttnAE II, all with a 20-value bottleneck, trained on the
/// train models' weights; Figure 15 is the same R² per checkpoint epoch. Every trained model is
/// kept (<see cref="AutoEncoderSpec.Load"/> reads it back) for Table 7 and the noise sweeps.
/// </summary>
public static class Table4
{
    public const string Zoo = ZooNames.TetrisSeed;

    /// <summary>The bottleneck of every Table 4 model (thesis: 20 for tetris).</summary>
    public const int Latent = 20;

    /// <summary>The rows, in the thesis' order. d_model is capped by <see cref="LearnedModelSizes.DModelCap"/>; the config keeps the thesis' label.</summary>
    public static IReadOnlyList<AutoEncoderSpec> Models(LearnedModelSizes s)
    {
        int D(int thesis) => Math.Min(thesis, s.DModelCap);
        AttnAe1Config Ae1(int blocks, int d) => new(DModel: D(d), Heads: s.Heads, Blocks: blocks, Latent: Latent, MlpRatio: s.MlpRatio);
        return
        [
            new("pca", "pca", "weights", "latent=20", Latent, null, false),
            new("mlp-ae", "mlp-ae", "weights", "latent=20;layers=10;params~90k", Latent,
                layout => new MlpAutoEncoder(new MlpAutoEncoderConfig(Latent: Latent), layout.ParameterCount), true),
            new("attnae1-n1-d20", "attnae1", "neurongroup", "latent=20;N=1;d=20;params~16k", Latent,
                layout => new AttnAe1(Ae1(1, 20), TokenScheme.NeuronGroup(layout)), false),
            new("attnae1-n1-d128", "attnae1", "neurongroup", "latent=20;N=1;d=128;params~80k", Latent,
                layout => new AttnAe1(Ae1(1, 128), TokenScheme.NeuronGroup(layout)), true),
            new("attnae1-n2-d128", "attnae1", "neurongroup", "latent=20;N=2;d=128;params~180k", Latent,
                layout => new AttnAe1(Ae1(2, 128), TokenScheme.NeuronGroup(layout)), true),
            new(AttnAe2Id, "attnae2", "neurongroup", "latent=20;N=4;d=128;params~100k", Latent,
                layout => new AttnAe2(new AttnAe2Config(DModel: D(128), Heads: s.Heads, Blocks: 4, Latent: Latent, GlobalTokens: s.GlobalTokens, MlpRatio: s.MlpRatio), layout), true),
        ];
    }

    /// <summary>The id of the AttnAE II row, whose bottleneck Table 7 probes.</summary>
    public const string AttnAe2Id = "attnae2";

    /// <summary>The metric rows of one result: Table 4's R² and parameter count, Figure 15's R² per epoch.</summary>
    public static IEnumerable<MetricRow> Rows(AutoEncoderResult r, string dataset, int seed, string stage)
    {
        var s = r.Spec;
        MetricRow Row(string table, string config, string metric, double value, string split = "test") =>
            new(table, dataset, "reconstruction", s.Method, s.Input, s.Augmentation, config, metric, value, split, seed, stage);
        yield return Row("table4", s.Config, "r2", r.TestR2);
        yield return Row("table4", s.Config, "params", r.Parameters, "all");
        foreach (var (epoch, r2) in r.PerEpoch)
            yield return Row("fig15", $"{s.Config};epoch={epoch}", "r2", r2) with { At = new(Params: s.Config, Epoch: epoch) };
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's Table 4.</summary>
        public static readonly ReportTable Spec = new("table4", 4, "Table 4 — weight reconstruction R² on the test split (tetris-seed)");

        /// <summary>Figure 15: Table 4's R² per checkpoint epoch (left) and AttnAE II's validation R² over its training (right).</summary>
        public static readonly ReportFigure Figure15 = new(15,
            "Figure 15 — left: reconstruction R² of the test models of each checkpoint epoch, a line per auto-encoder of Table 4; right: AttnAE II's " +
            "reconstruction R² on the validation models after each training epoch (tetris-seed). Thesis: the left panel for its AttnAE II, the right " +
            "over the first 1,000 of its 8,000 training epochs on the test split. Ours: every Table 4 model on the left; on the right Table 4's AttnAE II " +
            "as noise-training-tetris-seed retrains it without noise (same data, seed and trainer), over our attention budget's epochs " +
            "(attention.epochs, early-stopped), on the validation split the trainer selects on.",
            "Figure 15: reconstruction R² (tetris-seed)",
            new TwoEpochPanelsPlot(
                new EpochPanel("r2", "R² per checkpoint epoch (test models)", "checkpoint epoch of the zoo", "reconstruction R²", FigureRenderer.ModelSeries),
                new EpochPanel("validation-r2", "AttnAE II, R² over training (validation models)", "training epoch", "reconstruction R²",
                    _ => "AttnAE II, trained without noise"))) { After = Spec.Id };
    }
}
