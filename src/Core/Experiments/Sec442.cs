using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Thesis §4.4.2: reconstruction of the MNIST CNN zoo's weights through a 128-value bottleneck,
/// PCA against AttnAE II on neuronGroup tokens trained with permutations. Reconstruction R² on the
/// test models (the thesis: PCA 0.225, AttnAE II 0.214).
/// </summary>
public static class Sec442
{
    public const string Table = "sec4.4.2";

    /// <summary>The zoo the section measures.</summary>
    public static readonly string Zoo = ZooNames.Mnist.Zoo;

    public const int Latent = 128;

    /// <summary>The two rows; the config columns keep the thesis' labels (AttnAE II: N = 4 blocks, 4 heads, ~2.5M parameters), the params row says ours.</summary>
    public static IReadOnlyList<AutoEncoderSpec> Models(CnnAttentionConfig c) =>
    [
        new("pca", "pca", "weights", $"latent={Latent}", Latent, null, false),
        new("attnae2", "attnae2", "neurongroup", $"latent={Latent};N=4;heads=4;params~2.5M", Latent,
            layout => new AttnAe2(new AttnAe2Config(DModel: c.AeDModel, Heads: c.Heads, Blocks: c.AeBlocks, Latent: Latent, GlobalTokens: c.GlobalTokens, MlpRatio: c.MlpRatio), layout), true),
    ];

    /// <summary>Fits PCA and trains AttnAE II; r2 on the test models and the parameter count of each.</summary>
    public static IEnumerable<MetricRow> Rows(ZooDataset data, WeightLayout layout, CnnAttentionConfig c, string dataset, string stage, Action<string> log)
    {
        var rows = c.Rows(data, c.EpochStride);
        if (rows.Train.Length < Latent)
        {
            // PCA cannot keep 128 components of fewer checkpoints; a shrunk latent would be another experiment under the thesis' label.
            log($"§4.4.2 skipped: {rows.Train.Length} training checkpoints, fewer than the latent size {Latent} (a smoke-sized zoo)");
            yield break;
        }
        foreach (var spec in Models(c))
        {
            var (r, _) = AutoEncoderExperiment.Run(spec, data, layout, rows, c.Trainer, log);
            MetricRow Row(string metric, double value, string split) =>
                new(Table, dataset, "reconstruction", spec.Method, spec.Input, spec.Augmentation, spec.Config, metric, value, split, c.Trainer.Seed, stage);
            log($"{spec.Method}: reconstruction R² {r.TestR2:F3}, {r.Parameters} parameters, {r.Seconds:F0} s");
            yield return Row("r2", r.TestR2, "test");
            yield return Row("params", r.Parameters, "all");
        }
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The report's table of the section: order 9 beside Table 9, before it by id, where the thesis has it (between Tables 8 and 9).</summary>
        public static readonly ReportTable Spec = new(Table, 9, "Section 4.4.2 — reconstruction on the MNIST zoo");
    }
}
