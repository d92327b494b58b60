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

    /// <summary>The number after "key=" in a ';'-separated config, or null.</summary>
    public static double? ConfigValue(string config, string key)
    {
        foreach (var part in config.Split(';'))
            if (part.StartsWith(key + "=", StringComparison.Ordinal)
                && double.TryParse(part[(key.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
        return null;
    }

    private static (string Config, int? Epoch) SplitEpoch(string config)
    {
        var at = config.LastIndexOf("epoch=", StringComparison.Ordinal);
        if (at < 0 || !int.TryParse(config[(at + 6)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)) return (config, null);
        return (config[..at].TrimEnd(';'), epoch);
    }
}
