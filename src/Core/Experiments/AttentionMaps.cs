using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Figures 16 and 17 (thesis §4.3.3): the attention maps of the first encoder block of a trained
/// AttnAE II. Figure 16 shows every head for the most and the least accurate test checkpoint;
/// Figure 17 the correlation between accuracy bins of the first head's flattened maps: the test
/// checkpoints sorted by accuracy, cut into equal bins, each bin's maps averaged, and cell (i, j) the
/// Pearson correlation of bin i's mean map with bin j's (so the diagonal is the autocorrelation, 1).
/// </summary>
public static class AttentionMaps
{
    /// <summary>The first encoder block's maps of n weight rows (n x width): (n, heads, T, T) as a flat array, row-major.</summary>
    public static (float[] Maps, int Heads, int Tokens) FirstBlock(AttnAe2 model, float[] inputs, int width, int batchSize = 256)
    {
        model.eval();
        using var noGrad = no_grad();
        var attention = model.EncoderBlocks.Blocks[0].Attention;
        attention.KeepAttention = true;
        try
        {
            var n = inputs.Length / width;
            var parts = new List<float[]>();
            var (heads, tokens) = (0, 0);
            for (var start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, n - start);
                model.Encode(tensor(inputs.AsSpan(start * width, count * width).ToArray()).view(count, width));
                var maps = attention.LastAttention!; // (B, heads, T, T)
                (heads, tokens) = ((int)maps.shape[1], (int)maps.shape[2]);
                parts.Add(maps.contiguous().cpu().data<float>().ToArray());
            }
            return (parts.SelectMany(p => p).ToArray(), heads, tokens);
        }
        finally
        {
            attention.KeepAttention = false;
        }
    }

    /// <summary>Pearson correlation between the rows of an (n x m) matrix: (n x n), row-major. A constant row correlates 0 with every row.</summary>
    public static double[] Correlation(float[] rows, int n)
    {
        using var scope = NewDisposeScope();
        var m = rows.Length / n;
        var x = tensor(rows).view(n, m).to(float64);
        var centred = x - x.mean([1L], keepdim: true);                         // (n, m)
        var norm = centred.square().sum([1L], keepdim: true).sqrt().clamp_min(1e-300);
        var unit = centred / norm;
        return matmul(unit, unit.t()).contiguous().data<double>().ToArray(); // (n, n)
    }

    /// <summary>Mean correlation over pairs i != j with i in <paramref name="a"/>, j in <paramref name="b"/> (indices into the sorted rows).</summary>
    public static double MeanCorrelation(double[] correlation, int n, Range a, Range b)
    {
        var (sum, count) = (0.0, 0);
        var (a0, aLen) = a.GetOffsetAndLength(n);
        var (b0, bLen) = b.GetOffsetAndLength(n);
        for (var i = a0; i < a0 + aLen; i++)
            for (var j = b0; j < b0 + bLen; j++)
                if (i != j) { sum += correlation[i * n + j]; count++; }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>
    /// Figure 16 and 17 rows for the test rows <paramref name="testRows"/>: fig16 "model=high|low;head=h;query=i;key=j"
    /// (plus each model's accuracy and "layer=l" each layer's neuron count), fig17 "bin=i;bin2=j" and the mean correlation within the top and bottom accuracy
    /// deciles and between them.
    /// </summary>
    public static IEnumerable<MetricRow> Run(AttnAe2 model, ZooDataset data, IReadOnlyList<int> testRows, int bins, string dataset, int seed, string stage)
    {
        // Sorted by accuracy, ties by row, so the order is deterministic.
        var sorted = testRows.OrderBy(r => data.Accuracy[r]).ThenBy(r => r).ToArray();
        var (maps, heads, tokens) = FirstBlock(model, data.WeightsOf(sorted), data.Parameters);
        var n = sorted.Length;
        var t2 = tokens * tokens;
        MetricRow Row(string table, string config, string metric, double value, MetricCoordinates? at = null) =>
            new(table, dataset, "attention", "attnae2", "neurongroup", "none", config, metric, value, "test", seed, stage) { At = at ?? MetricCoordinates.None };

        // Each layer's neuron count, so the figure labels the tokens without knowing the zoo's architecture.
        foreach (var layer in model.Layout.Layers)
            yield return Row("fig16", $"layer={layer.Index}", "neurons", layer.Units, new(CellRow: layer.Index));
        foreach (var (name, index) in new[] { ("high", n - 1), ("low", 0) })
        {
            yield return Row("fig16", $"model={name}", "accuracy", data.Accuracy[sorted[index]], new(Class: name));
            for (var h = 0; h < heads; h++)
                for (var q = 0; q < tokens; q++)
                    for (var k = 0; k < tokens; k++)
                        yield return Row("fig16", $"model={name};head={h};query={q};key={k}", "attention", maps[((long)index * heads + h) * t2 + q * tokens + k],
                            new(Class: name, Head: h, CellRow: q, CellColumn: k));
        }

        var firstHead = new float[(long)n * t2]; // (n, T*T)
        for (var i = 0; i < n; i++) maps.AsSpan((int)((long)i * heads * t2), t2).CopyTo(firstHead.AsSpan(i * t2, t2));
        var correlation = Correlation(firstHead, n);
        var b = Math.Min(bins, n);
        var between = Correlation(BinMeans(firstHead, n, b), b);
        for (var i = 0; i < b; i++)
            for (var j = 0; j < b; j++)
                yield return Row("fig17", $"bin={i};bin2={j}", "correlation", between[i * b + j], new(CellRow: i, CellColumn: j));
        var decile = Math.Max(1, n / 10);
        yield return Row("fig17", "deciles=top", "mean_correlation", MeanCorrelation(correlation, n, ^decile.., ^decile..));
        yield return Row("fig17", "deciles=bottom", "mean_correlation", MeanCorrelation(correlation, n, ..decile, ..decile));
        yield return Row("fig17", "deciles=top-bottom", "mean_correlation", MeanCorrelation(correlation, n, ^decile.., ..decile));
        yield return Row("fig17", "all", "mean_correlation", MeanCorrelation(correlation, n, .., ..));
    }

    /// <summary>
    /// The mean of each of <paramref name="bins"/> equal runs of consecutive rows of an (n x m) matrix: (bins x m), row-major.
    /// Row r falls in bin r * bins / n, so bins differ in size by at most one row.
    /// </summary>
    public static float[] BinMeans(float[] rows, int n, int bins)
    {
        if (bins < 1 || bins > n) throw new ArgumentOutOfRangeException(nameof(bins), bins, $"need 1..{n} bins for {n} rows");
        var m = rows.Length / n;
        var sum = new double[(long)bins * m];
        var count = new int[bins];
        for (var r = 0; r < n; r++)
        {
            var bin = (int)((long)r * bins / n);
            count[bin]++;
            for (var k = 0; k < m; k++) sum[(long)bin * m + k] += rows[(long)r * m + k];
        }
        var means = new float[sum.Length];
        for (var bin = 0; bin < bins; bin++)
            for (var k = 0; k < m; k++)
                means[(long)bin * m + k] = (float)(sum[(long)bin * m + k] / count[bin]);
        return means;
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>Figure 16: every head's first-block attention map, a high- and a low-accuracy test model, tokens labelled.</summary>
        public static readonly ReportFigure Figure16 = new(16,
            "Figure 16 — AttnAE II attention maps of the first encoder block, a column per head, the most accurate test model above the least accurate " +
            "(tetris-seed). Thesis: AttnAE I's 9 x 9 maps (5 neuron groups of the first layer, 4 of the second), four heads, blue-yellow from 0 to 1. " +
            "Ours: AttnAE II's maps, so each map also has its global tokens (G) before the neuron-group tokens l.k (neuron k of layer l); rows are " +
            "queries, columns keys, each row sums to 1; the colour scale spans the values drawn.",
            "Figure 16: AttnAE II first-block attention maps per head (tetris-seed)", new AttentionPanelsPlot()) { After = Table7.Report.Spec.Id };

        /// <summary>Figure 17: the correlation of the first head's maps between accuracy bins.</summary>
        public static readonly ReportFigure Figure17 = new(17,
            "Figure 17 — correlation of the first head's attention maps between accuracy bins of the test models (tetris-seed), the least accurate bin " +
            "at the top and on the left. Thesis: the Pearson correlation of the flattened maps of every pair of test models, sorted by accuracy and " +
            "averaged over neighbourhoods, a diagonal of ones. Ours: the test models (at most attention_maps.max_test_rows, evenly spaced) sorted by " +
            "accuracy into attention_maps.bins equal bins; cell (i, j) is the correlation of bin i's mean map with bin j's, so the diagonal is 1. " +
            "Averaging within a bin before correlating removes the single models' noise, so off-diagonal values run higher than a mean of pairwise " +
            "correlations would (those are the mean_correlation rows: within the top and bottom deciles and between them).",
            "Figure 17: correlation of the first head's attention maps between accuracy bins (tetris-seed)",
            new MatrixHeatmapPlot("correlation", "accuracy bin, least accurate left", "accuracy bin, least accurate at the top")) { After = Table7.Report.Spec.Id };
    }
}
