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
