using System.Globalization;

namespace WeightSpace.Core.Report;

/// <summary>
/// Figures from metric rows whose table id starts with "fig". Their data stays in the metrics
/// Parquet parts; the report draws them as PNG (ScottPlot) instead of tables. Each renderer reads
/// the rows' typed coordinates (<see cref="ReportRow.At"/>), never their config strings.
/// </summary>
public static class FigureRenderer
{
    public static bool IsFigure(string table) => table.StartsWith("fig", StringComparison.Ordinal);

    /// <summary>The series of a point by default: method, the model's settings (without the size the thesis states) and the augmentation.</summary>
    public static string ModelSeries(ReportRow r) => $"{r.Key.Method} {ModelSize.Label(r.At.Params)} ({r.Key.Augmentation})";

    /// <summary>
    /// One line per series: rows of <paramref name="figure"/> with an epoch give the points (epoch, ours);
    /// <paramref name="series"/> names each line (<see cref="ModelSeries"/> when null).
    /// </summary>
    public static void MetricByEpoch(IEnumerable<ReportRow> rows, string figure, string title, string yLabel, string path, Func<ReportRow, string>? series = null)
    {
        var lines = rows.Where(r => r.Key.Table == figure && r.Ours is not null && r.At.Epoch is not null)
            .GroupBy(series ?? ModelSeries)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (lines.Count == 0) return;
        var plot = new ScottPlot.Plot();
        foreach (var s in lines)
        {
            var points = s.OrderBy(r => r.At.Epoch).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.At.Epoch!.Value).ToArray(), points.Select(p => p.Ours!.Value).ToArray());
            line.LegendText = s.Key;
            line.MarkerSize = 0;
        }
        plot.Title(title);
        plot.XLabel("checkpoint epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1000, 600);
    }

    /// <summary>
    /// Of the SNRs measured in <paramref name="figure"/>'s rows, the one nearest
    /// <paramref name="target"/> dB (the higher on a tie), or null when there is none.
    /// </summary>
    public static double? NearestSnr(IEnumerable<ReportRow> rows, string figure, double target) =>
        rows.Where(r => r.Key.Table == figure && r.Ours is not null)
            .Select(r => r.At.Snr)
            .Where(snr => snr is not null)
            .Distinct()
            .OrderBy(snr => Math.Abs(snr!.Value - target)).ThenByDescending(snr => snr)
            .FirstOrDefault();

    /// <summary>
    /// R² against SNR: rows of <paramref name="figure"/> with an SNR give the points (SNR, ours);
    /// <paramref name="series"/> names each line. Lines of noise on the bottleneck are dashed, so input
    /// and bottleneck noise read apart in one plot.
    /// </summary>
    public static void MetricBySnr(IEnumerable<ReportRow> rows, string figure, Func<ReportRow, string> series, string title, string path)
    {
        var lines = rows.Where(r => r.Key.Table == figure && r.Ours is not null && r.At.Snr is not null)
            .Select(r => (Row: r, r.At.Snr))
            .GroupBy(x => series(x.Row))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (lines.Count == 0) return;
        var plot = new ScottPlot.Plot();
        foreach (var s in lines)
        {
            var points = s.OrderBy(x => x.Snr).ToList();
            var line = plot.Add.Scatter(points.Select(p => p.Snr!.Value).ToArray(), points.Select(p => p.Row.Ours!.Value).ToArray());
            line.LegendText = s.Key;
            line.MarkerSize = 5;
            if (s.First().Row.At.Noise == "bottleneck") line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel("SNR (dB)");
        plot.YLabel("reconstruction R²");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1000, 700);
    }

    /// <summary>
    /// A matrix heatmap: rows of <paramref name="figure"/> with metric <paramref name="metric"/> and a cell
    /// (row i, column j) give cell (i, j).
    /// </summary>
    public static void MatrixHeatmap(IEnumerable<ReportRow> rows, string figure, string metric, string title, string path)
    {
        var cells = rows.Where(r => r.Key.Table == figure && r.Key.Metric == metric && r.Ours is not null)
            .Select(r => (I: r.At.CellRow, J: r.At.CellColumn, Value: r.Ours!.Value))
            .Where(c => c.I is not null && c.J is not null)
            .ToList();
        if (cells.Count == 0) return;
        var data = new double[(int)cells.Max(c => c.I)!.Value + 1, (int)cells.Max(c => c.J)!.Value + 1];
        foreach (var c in cells) data[(int)c.I!.Value, (int)c.J!.Value] = c.Value;
        SaveHeatmap(data, title, path);
    }

    /// <summary>
    /// Figure 16: every head's map (class: the model, "high" or "low"; head; cell: query and key token) side by
    /// side, the high-accuracy model above the low one, a blank row and column between panels.
    /// </summary>
    public static void AttentionPanels(IEnumerable<ReportRow> rows, string figure, string title, string path)
    {
        var cells = rows.Where(r => r.Key.Table == figure && r.Key.Metric == "attention" && r.Ours is not null)
            .Select(r => (Model: r.At.Class, H: r.At.Head, Q: r.At.CellRow, K: r.At.CellColumn, Value: r.Ours!.Value))
            .Where(c => c.H is not null && c.Q is not null && c.K is not null)
            .ToList();
        if (cells.Count == 0) return;
        string[] models = ["high", "low"];
        var (heads, tokens) = ((int)cells.Max(c => c.H)!.Value + 1, (int)cells.Max(c => c.Q)!.Value + 1);
        var data = new double[models.Length * (tokens + 1) - 1, heads * (tokens + 1) - 1];
        for (var i = 0; i < data.GetLength(0); i++)
            for (var j = 0; j < data.GetLength(1); j++)
                data[i, j] = double.NaN;
        foreach (var c in cells)
        {
            var m = Array.IndexOf(models, c.Model);
            if (m < 0) continue;
            data[m * (tokens + 1) + (int)c.Q!.Value, (int)c.H!.Value * (tokens + 1) + (int)c.K!.Value] = c.Value;
        }
        var accuracy = rows.Where(r => r.Key.Table == figure && r.Key.Metric == "accuracy" && r.Ours is not null)
            .ToDictionary(r => r.At.Class, r => r.Ours!.Value);
        var subtitle = string.Join(", ", models.Where(accuracy.ContainsKey).Select(m => $"{m}-accuracy model {accuracy[m]:F3}"));
        SaveHeatmap(data, $"{title}\n{subtitle} (top to bottom); heads left to right", path);
    }

    private static void SaveHeatmap(double[,] data, string title, string path)
    {
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        plot.Title(title);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1000, 800);
    }

    /// <summary>
    /// Figure 22: the confusion matrix of a classifier of the epoch — rows of <paramref name="figure"/>
    /// with metric "count", a true class and a predicted one, one disc per cell, its area the count — with
    /// the quantiles of the regressed epoch group per true group (metric "predicted-group", a quantile
    /// and an epoch) drawn over it: the median as a line, the quartiles dashed.
    /// </summary>
    public static void EpochConfusion(IEnumerable<ReportRow> rows, string figure, string title, string path)
    {
        var mine = rows.Where(r => r.Key.Table == figure && r.Ours is not null).ToList();
        var cells = mine.Where(r => r.Key.Metric == "count" && r.At.Class.Length > 0 && r.At.Predicted.Length > 0)
            .Select(r => (True: r.At.Class, Pred: r.At.Predicted, Count: r.Ours!.Value))
            .ToList();
        if (cells.Count == 0) return;
        // Groups in numeric order of their epoch; the axes are group positions labelled by epoch.
        var groups = cells.Select(c => c.True).Concat(cells.Select(c => c.Pred)).Distinct()
            .OrderBy(g => double.TryParse(g, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.MaxValue)
            .ThenBy(g => g, StringComparer.Ordinal).ToList();
        var plot = new ScottPlot.Plot();
        var max = Math.Max(1, cells.Max(c => c.Count));
        foreach (var c in cells.Where(c => c.Count > 0))
        {
            var disc = plot.Add.Scatter(new[] { (double)groups.IndexOf(c.True) }, new[] { (double)groups.IndexOf(c.Pred) });
            disc.MarkerSize = (float)(4 + 36 * Math.Sqrt(c.Count / max));
            disc.LineWidth = 0;
            disc.Color = ScottPlot.Colors.SteelBlue.WithAlpha(0.6);
        }
        var quantiles = mine.Where(r => r.Key.Metric == "predicted-group" && r.At.Quantile.Length > 0 && r.At.Epoch is not null)
            .Select(r => (Epoch: r.At.Epoch!.Value.ToString(CultureInfo.InvariantCulture), r.At.Quantile, Value: r.Ours!.Value))
            .Where(q => groups.Contains(q.Epoch))
            .GroupBy(q => q.Quantile);
        foreach (var q in quantiles.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (q.Key is not ("p25" or "p50" or "p75")) continue;
            var points = q.OrderBy(p => groups.IndexOf(p.Epoch)).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)groups.IndexOf(p.Epoch)).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = $"regressed group, {q.Key}";
            line.MarkerSize = 0;
            line.Color = ScottPlot.Colors.DarkOrange;
            if (q.Key != "p50") line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        var ticks = Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. groups]);
        plot.Axes.Left.SetTicks(ticks, [.. groups]);
        plot.Title(title);
        plot.XLabel("true checkpoint epoch");
        plot.YLabel("predicted checkpoint epoch");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 900, 800);
    }
}
