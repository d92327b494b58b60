using System.Globalization;

namespace WeightSpace.Core.Report;

/// <summary>
/// Figures from metric rows whose table id starts with "fig". Their data stays in the metrics
/// Parquet parts; the report draws them as PNG (ScottPlot) instead of tables.
/// </summary>
public static class FigureRenderer
{
    public static bool IsFigure(string table) => table.StartsWith("fig", StringComparison.Ordinal);

    /// <summary>
    /// One line per series: rows of <paramref name="figure"/> whose config ends in ";epoch=N" give the
    /// points (N, ours); the rest of the key names the series.
    /// </summary>
    public static void MetricByEpoch(IEnumerable<ReportRow> rows, string figure, string title, string yLabel, string path)
    {
        var series = rows.Where(r => r.Table == figure && r.Ours is not null)
            .Select(r => (Row: r, Split: SplitEpoch(r.Config)))
            .Where(x => x.Split.Epoch is not null)
            .GroupBy(x => $"{x.Row.Method} {x.Split.Config} ({x.Row.Augmentation})")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (series.Count == 0) return;
        var plot = new ScottPlot.Plot();
        foreach (var s in series)
        {
            var points = s.OrderBy(x => x.Split.Epoch).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.Split.Epoch!.Value).ToArray(), points.Select(p => p.Row.Ours!.Value).ToArray());
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
    /// Of the SNRs (config "snr=S") measured in <paramref name="figure"/>'s rows, the one nearest
    /// <paramref name="target"/> dB (the higher on a tie), or null when there is none.
    /// </summary>
    public static double? NearestSnr(IEnumerable<ReportRow> rows, string figure, double target) =>
        rows.Where(r => r.Table == figure && r.Ours is not null)
            .Select(r => ConfigValue(r.Config, "snr"))
            .Where(snr => snr is not null)
            .Distinct()
            .OrderBy(snr => Math.Abs(snr!.Value - target)).ThenByDescending(snr => snr)
            .FirstOrDefault();

    /// <summary>
    /// R² against SNR: rows of <paramref name="figure"/> accepted by <paramref name="include"/> whose config has
    /// "snr=S" give the points (S, ours); <paramref name="series"/> names each line. Rows whose config says
    /// "noise=bottleneck" are dashed, so input and bottleneck noise read apart in one plot.
    /// </summary>
    public static void MetricBySnr(IEnumerable<ReportRow> rows, string figure, Func<ReportRow, bool> include, Func<ReportRow, string> series,
        string title, string path)
    {
        var lines = rows.Where(r => r.Table == figure && r.Ours is not null && include(r))
            .Select(r => (Row: r, Snr: ConfigValue(r.Config, "snr")))
            .Where(x => x.Snr is not null)
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
            if (s.First().Row.Config.Contains("noise=bottleneck", StringComparison.Ordinal)) line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel("SNR (dB)");
        plot.YLabel("reconstruction R²");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1000, 700);
    }

    /// <summary>
    /// A matrix heatmap: rows of <paramref name="figure"/> with metric <paramref name="metric"/> whose config has
    /// "<paramref name="rowKey"/>=i" and "<paramref name="columnKey"/>=j" give cell (i, j).
    /// </summary>
    public static void MatrixHeatmap(IEnumerable<ReportRow> rows, string figure, string metric, string rowKey, string columnKey, string title, string path)
    {
        var cells = rows.Where(r => r.Table == figure && r.Metric == metric && r.Ours is not null)
            .Select(r => (I: ConfigValue(r.Config, rowKey), J: ConfigValue(r.Config, columnKey), Value: r.Ours!.Value))
            .Where(c => c.I is not null && c.J is not null)
            .ToList();
        if (cells.Count == 0) return;
        var data = new double[(int)cells.Max(c => c.I)!.Value + 1, (int)cells.Max(c => c.J)!.Value + 1];
        foreach (var c in cells) data[(int)c.I!.Value, (int)c.J!.Value] = c.Value;
        SaveHeatmap(data, title, path);
    }

    /// <summary>
    /// Figure 16: every head's map (config "model=M;head=h;query=i;key=j") side by side, the high-accuracy model
    /// above the low one, a blank row and column between panels.
    /// </summary>
    public static void AttentionPanels(IEnumerable<ReportRow> rows, string figure, string title, string path)
    {
        var cells = rows.Where(r => r.Table == figure && r.Metric == "attention" && r.Ours is not null)
            .Select(r => (Model: r.Config.Split(';')[0], H: ConfigValue(r.Config, "head"), Q: ConfigValue(r.Config, "query"), K: ConfigValue(r.Config, "key"), Value: r.Ours!.Value))
            .Where(c => c.H is not null && c.Q is not null && c.K is not null)
            .ToList();
        if (cells.Count == 0) return;
        string[] models = ["model=high", "model=low"];
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
        var accuracy = rows.Where(r => r.Table == figure && r.Metric == "accuracy" && r.Ours is not null)
            .ToDictionary(r => r.Config, r => r.Ours!.Value);
        var subtitle = string.Join(", ", models.Where(accuracy.ContainsKey).Select(m => $"{m[6..]}-accuracy model {accuracy[m]:F3}"));
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

    /// <summary>The number after "key=" in a ';'-separated config, or null.</summary>
    public static double? ConfigValue(string config, string key)
    {
        foreach (var part in config.Split(';'))
            if (part.StartsWith(key + "=", StringComparison.Ordinal)
                && double.TryParse(part[(key.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
        return null;
    }

    /// <summary>
    /// Figure 22: the confusion matrix of a classifier of the epoch — rows of <paramref name="figure"/>
    /// with metric "count" and config "true=a;pred=b", one disc per cell, its area the count — with
    /// the quantiles of the regressed epoch group per true group (metric "predicted-group", config
    /// "q=p;epoch=e") drawn over it: the median as a line, the quartiles dashed.
    /// </summary>
    public static void EpochConfusion(IEnumerable<ReportRow> rows, string figure, string title, string path)
    {
        var mine = rows.Where(r => r.Table == figure && r.Ours is not null).ToList();
        var cells = mine.Where(r => r.Metric == "count")
            .Select(r => (Key: ParseConfig(r.Config), Count: r.Ours!.Value))
            .Where(c => c.Key.ContainsKey("true") && c.Key.ContainsKey("pred"))
            .Select(c => (True: c.Key["true"], Pred: c.Key["pred"], c.Count))
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
        var quantiles = mine.Where(r => r.Metric == "predicted-group")
            .Select(r => (Key: ParseConfig(r.Config), Value: r.Ours!.Value))
            .Where(q => q.Key.ContainsKey("q") && q.Key.ContainsKey("epoch") && groups.Contains(q.Key["epoch"]))
            .GroupBy(q => q.Key["q"]);
        foreach (var q in quantiles.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (q.Key is not ("p25" or "p50" or "p75")) continue;
            var points = q.OrderBy(p => groups.IndexOf(p.Key["epoch"])).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)groups.IndexOf(p.Key["epoch"])).ToArray(), points.Select(p => p.Value).ToArray());
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

    /// <summary>"a=1;b=x" -> {a: 1, b: x}; parts without '=' are ignored.</summary>
    private static Dictionary<string, string> ParseConfig(string config) =>
        config.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    private static (string Config, int? Epoch) SplitEpoch(string config)
    {
        var at = config.LastIndexOf("epoch=", StringComparison.Ordinal);
        if (at < 0 || !int.TryParse(config[(at + 6)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)) return (config, null);
        return (config[..at].TrimEnd(';'), epoch);
    }
}
