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
        for (var i = 0; i < lines.Count; i++)
        {
            var points = lines[i].OrderBy(r => r.At.Epoch).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.At.Epoch!.Value).ToArray(), points.Select(p => p.Ours!.Value).ToArray());
            line.LegendText = lines[i].Key;
            Style(line, i);
        }
        Decorate(plot, title, "checkpoint epoch", yLabel);
        Legend(plot, lines.Count);
        Save(plot, path, 1000, 600);
    }

    /// <summary>
    /// Okabe and Ito's colour-blind-safe palette (yellow last: faint on white), in the order series take them.
    /// </summary>
    internal static readonly ScottPlot.Color[] Palette =
    [
        ScottPlot.Color.FromHex("#0072B2"), ScottPlot.Color.FromHex("#D55E00"), ScottPlot.Color.FromHex("#009E73"), ScottPlot.Color.FromHex("#E69F00"),
        ScottPlot.Color.FromHex("#CC79A7"), ScottPlot.Color.FromHex("#56B4E9"), ScottPlot.Color.FromHex("#000000"), ScottPlot.Color.FromHex("#F0E442"),
    ];

    /// <summary>The markers series take in order, so that lines of one colour (past the palette's eight) still read apart.</summary>
    internal static readonly ScottPlot.MarkerShape[] Markers =
    [
        ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.FilledSquare, ScottPlot.MarkerShape.FilledTriangleUp, ScottPlot.MarkerShape.FilledDiamond,
        ScottPlot.MarkerShape.OpenCircle, ScottPlot.MarkerShape.OpenSquare, ScottPlot.MarkerShape.FilledTriangleDown, ScottPlot.MarkerShape.OpenDiamond,
        ScottPlot.MarkerShape.OpenTriangleUp,
    ];

    /// <summary>Series <paramref name="index"/>'s colour and marker: the palette cycles every 8 series, the markers every 9, so no two of 72 series look alike.</summary>
    internal static void Style(ScottPlot.Plottables.Scatter line, int index)
    {
        line.Color = Palette[index % Palette.Length];
        line.MarkerShape = Markers[index % Markers.Length];
        line.MarkerSize = 7;
        line.LineWidth = 1.5f;
    }

    /// <summary>Title and axis labels at sizes that stay legible when the page shows the figure at about 900 pixels wide.</summary>
    private static void Decorate(ScottPlot.Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(Wrap(title, 80), 18);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 13;
    }

    /// <summary>
    /// <paramref name="text"/> broken at spaces into lines of at most <paramref name="width"/> characters (a longer word stays
    /// whole on its own line); existing line breaks are kept. A title wider than its image would be cut at both ends.
    /// </summary>
    internal static string Wrap(string text, int width) =>
        string.Join('\n', text.Split('\n').Select(line =>
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in line.Split(' '))
            {
                if (current.Length > 0 && current.Length + 1 + word.Length > width) { lines.Add(current); current = word; }
                else current = current.Length == 0 ? word : current + " " + word;
            }
            lines.Add(current);
            return string.Join('\n', lines);
        }));

    /// <summary>A legend inside the lower right for a few series; beside the plot for more, where it hides no line.</summary>
    private static void Legend(ScottPlot.Plot plot, int series)
    {
        if (series <= 6) plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        else plot.ShowLegend(ScottPlot.Edge.Right);
    }

    private static void Save(ScottPlot.Plot plot, string path, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, width, height);
    }

    /// <summary>
    /// Plots side by side (a row of <paramref name="columns"/>, then the next row), each <paramref name="width"/> x
    /// <paramref name="height"/> pixels, into one PNG.
    /// </summary>
    internal static void SavePanels(IReadOnlyList<ScottPlot.Plot> panels, int columns, int width, int height, string path)
    {
        var rows = (panels.Count + columns - 1) / columns;
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(columns * width, rows * height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        for (var i = 0; i < panels.Count; i++)
        {
            var (left, top) = (i % columns * width, i / columns * height);
            panels[i].Render(surface.Canvas, new ScottPlot.PixelRect(left, left + width, top + height, top));
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>
    /// Figure 15: two panels of <paramref name="rows"/> (one figure's), each its metric against its epoch, a line per series.
    /// A panel whose metric has no rows says what is missing instead of plotting. Nothing is drawn when neither has rows.
    /// </summary>
    public static void EpochPanels(IReadOnlyList<ReportRow> rows, string title, EpochPanel left, EpochPanel right, string path)
    {
        var measured = rows.Where(r => r.Ours is not null && r.At.Epoch is not null).ToList();
        if (!measured.Any(r => r.Key.Metric == left.Metric || r.Key.Metric == right.Metric)) return;
        ScottPlot.Plot Panel(EpochPanel panel, string panelTitle)
        {
            var plot = new ScottPlot.Plot();
            var lines = measured.Where(r => r.Key.Metric == panel.Metric).GroupBy(panel.Series).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var points = lines[i].OrderBy(r => r.At.Epoch).ToList();
                var line = plot.Add.Scatter(points.Select(p => (double)p.At.Epoch!.Value).ToArray(), points.Select(p => p.Ours!.Value).ToArray());
                line.LegendText = lines[i].Key;
                Style(line, i);
            }
            if (lines.Count == 0) plot.Add.Annotation("not measured in this run", ScottPlot.Alignment.MiddleCenter);
            Decorate(plot, panelTitle, panel.XLabel, panel.YLabel);
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            return plot;
        }
        SavePanels([Panel(left, $"{title}\n(left) {left.Title}"), Panel(right, $"\n(right) {right.Title}")], 2, 800, 650, path);
    }

    /// <summary>
    /// Figure 20: recall per checkpoint epoch, a panel per (target, method) — targets down, methods across in the order
    /// of <paramref name="methods"/> (the thesis: AttnPred left, log-linear right) — a line per class, the same class in
    /// the same colour and marker in every panel of its target.
    /// </summary>
    public static void RecallGrid(IEnumerable<ReportRow> rows, string figure, string title, IReadOnlyList<(string Method, string Label)> methods, string path)
    {
        var points = rows.Where(r => r.Key.Table == figure && r.Ours is not null && r.At.Epoch is not null).ToList();
        if (points.Count == 0) return;
        var targets = points.Select(r => r.Key.Target).Distinct().Order(StringComparer.Ordinal).ToList();
        var panels = new List<ScottPlot.Plot>();
        foreach (var target in targets)
        {
            var classes = points.Where(r => r.Key.Target == target).Select(r => r.At.Class).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var (method, label) in methods)
            {
                var plot = new ScottPlot.Plot();
                foreach (var g in points.Where(r => r.Key.Target == target && r.Key.Method == method).GroupBy(r => r.At.Class).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var line = g.OrderBy(r => r.At.Epoch).ToList();
                    var scatter = plot.Add.Scatter(line.Select(p => (double)p.At.Epoch!.Value).ToArray(), line.Select(p => p.Ours!.Value).ToArray());
                    scatter.LegendText = g.Key;
                    Style(scatter, classes.IndexOf(g.Key));
                }
                var panelTitle = panels.Count == 0 ? $"{title}\n{label}: {target}" : $"\n{label}: {target}";
                Decorate(plot, panelTitle, "checkpoint epoch", "recall");
                plot.Axes.SetLimitsY(-0.05, 1.05);
                plot.ShowLegend(ScottPlot.Alignment.LowerRight);
                panels.Add(plot);
            }
        }
        SavePanels(panels, methods.Count, 700, 520, path);
    }

    /// <summary>
    /// Figure 18: R² against SNR, a panel per noise location (bottleneck left, input right, as the thesis), a line per
    /// series (<paramref name="series"/> names it) in the same colour and marker in both panels.
    /// </summary>
    public static void MetricBySnrPanels(IEnumerable<ReportRow> rows, string figure, Func<ReportRow, string> series, string title, string path)
    {
        var points = rows.Where(r => r.Key.Table == figure && r.Ours is not null && r.At.Snr is not null).ToList();
        if (points.Count == 0) return;
        var names = points.Select(series).Distinct().Order(StringComparer.Ordinal).ToList();
        ScottPlot.Plot Panel(string noise, string panelTitle)
        {
            var plot = new ScottPlot.Plot();
            foreach (var g in points.Where(r => r.At.Noise == noise).GroupBy(series).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var line = g.OrderBy(r => r.At.Snr).ToList();
                var scatter = plot.Add.Scatter(line.Select(p => p.At.Snr!.Value).ToArray(), line.Select(p => p.Ours!.Value).ToArray());
                scatter.LegendText = g.Key;
                Style(scatter, names.IndexOf(g.Key));
            }
            Decorate(plot, panelTitle, "SNR of the test-time noise (dB)", "reconstruction R²");
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            return plot;
        }
        SavePanels([Panel("bottleneck", $"{title}\n(left) noise on the bottleneck"), Panel("input", "\n(right) noise on the input")], 2, 800, 650, path);
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
        for (var i = 0; i < lines.Count; i++)
        {
            var points = lines[i].OrderBy(x => x.Snr).ToList();
            var line = plot.Add.Scatter(points.Select(p => p.Snr!.Value).ToArray(), points.Select(p => p.Row.Ours!.Value).ToArray());
            line.LegendText = lines[i].Key;
            Style(line, i);
            if (lines[i].First().Row.At.Noise == "bottleneck") line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        Decorate(plot, title, "SNR (dB)", "reconstruction R²");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Save(plot, path, 1000, 700);
    }

    /// <summary>
    /// A matrix heatmap: rows of <paramref name="figure"/> with metric <paramref name="metric"/> and a cell
    /// (row i, column j) give cell (i, j).
    /// </summary>
    public static void MatrixHeatmap(IEnumerable<ReportRow> rows, string figure, string metric, string title, string path, string xLabel = "", string yLabel = "")
    {
        var cells = rows.Where(r => r.Key.Table == figure && r.Key.Metric == metric && r.Ours is not null)
            .Select(r => (I: r.At.CellRow, J: r.At.CellColumn, Value: r.Ours!.Value))
            .Where(c => c.I is not null && c.J is not null)
            .ToList();
        if (cells.Count == 0) return;
        var data = new double[(int)cells.Max(c => c.I)!.Value + 1, (int)cells.Max(c => c.J)!.Value + 1];
        foreach (var c in cells) data[(int)c.I!.Value, (int)c.J!.Value] = c.Value;
        var plot = HeatmapPlot(data, title);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        Save(plot, path, 1000, 850);
    }

    /// <summary>
    /// Figure 16: every head's map (class: the model, "high" or "low"; head; cell: query and key token) side by
    /// side, the high-accuracy model above the low one, a blank row and column between panels. Tokens are labelled
    /// "G" (the global tokens, first) and "l.k" (neuron k of layer l, for <paramref name="neuronsPerLayer"/>), each
    /// panel with its head and model.
    /// </summary>
    public static void AttentionPanels(IEnumerable<ReportRow> rows, string figure, string title, string path)
    {
        var neuronsPerLayer = rows.Where(r => r.Key.Table == figure && r.Key.Metric == "neurons" && r.Ours is not null && r.At.CellRow is not null)
            .OrderBy(r => r.At.CellRow).Select(r => (int)r.Ours!.Value).ToList();
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
        var plot = HeatmapPlot(data, title);
        var labels = TokenLabels(tokens, neuronsPerLayer);
        var height = data.GetLength(0);
        double[] Ticks(int panels) => [.. Enumerable.Range(0, panels).SelectMany(p => Enumerable.Range(0, tokens).Select(t => (double)(p * (tokens + 1) + t)))];
        string[] Labels(int panels) => [.. Enumerable.Range(0, panels).SelectMany(_ => labels)];
        plot.Axes.Bottom.SetTicks(Ticks(heads), Labels(heads));
        plot.Axes.Left.SetTicks([.. Ticks(models.Length).Select(i => CellCentre(i, 0, height).Y)], Labels(models.Length));
        plot.Axes.Bottom.TickLabelStyle.FontSize = tokens * heads > 48 ? 9 : 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.XLabel("key token, per head", 15);
        plot.YLabel("query token", 15);
        for (var h = 0; h < heads; h++)
        {
            var at = CellCentre(-0.7, h * (tokens + 1) + (tokens - 1) / 2.0, height);
            var text = plot.Add.Text($"head {h + 1}", at.X, at.Y);
            text.LabelFontSize = 15;
            text.LabelBold = true;
            text.LabelAlignment = ScottPlot.Alignment.LowerCenter;
        }
        for (var m = 0; m < models.Length; m++)
        {
            var name = accuracy.TryGetValue(models[m], out var a) ? $"{models[m]}-accuracy model ({a:F3})" : $"{models[m]}-accuracy model";
            var at = CellCentre(m * (tokens + 1) + (tokens - 1) / 2.0, data.GetLength(1) - 0.2, height);
            var text = plot.Add.Text(name, at.X, at.Y);
            text.LabelFontSize = 13;
            text.LabelRotation = 90;
            text.LabelAlignment = ScottPlot.Alignment.UpperCenter;
        }
        plot.Axes.SetLimitsY(-0.5, height + 0.6);              // room above the first row for the head labels
        plot.Axes.SetLimitsX(-0.5, data.GetLength(1) + 0.8);  // and right of the last column for the model labels
        Save(plot, path, 1400, 800);
    }

    /// <summary>Labels of <paramref name="tokens"/> AttnAE II tokens: the global ones "G" first, then "l.k" for neuron k of layer l.</summary>
    internal static string[] TokenLabels(int tokens, IReadOnlyList<int> neuronsPerLayer)
    {
        var neurons = neuronsPerLayer.SelectMany((count, layer) => Enumerable.Range(1, count).Select(k => $"{layer + 1}.{k}")).ToList();
        var globals = tokens - neurons.Count;
        if (globals < 0) return [.. Enumerable.Range(0, tokens).Select(t => t.ToString(CultureInfo.InvariantCulture))]; // another layout: indices
        return [.. Enumerable.Repeat("G", globals), .. neurons];
    }

    private static void SaveHeatmap(double[,] data, string title, string path)
    {
        var plot = HeatmapPlot(data, title);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1000, 800);
    }

    /// <summary>
    /// A heatmap of <paramref name="data"/> as a matrix is written: row 0 at the top, cell (i, j) in column j, the axes
    /// labelled with row and column indices. ScottPlot draws row 0 at the top by default but at the highest y coordinate,
    /// so cell (i, j) is centred at <see cref="CellCentre"/> and the row ticks count down from the top.
    /// </summary>
    internal static ScottPlot.Plot HeatmapPlot(double[,] data, string title)
    {
        var (rows, columns) = (data.GetLength(0), data.GetLength(1));
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        plot.Axes.SetLimitsX(-0.5, columns - 0.5);
        plot.Axes.SetLimitsY(-0.5, rows - 0.5);
        int Step(int n) => n <= 20 ? 1 : n <= 60 ? 5 : 10;
        var rowTicks = Enumerable.Range(0, rows).Where(r => r % Step(rows) == 0).ToArray();
        plot.Axes.Left.SetTicks([.. rowTicks.Select(r => CellCentre(r, 0, rows).Y)], [.. rowTicks.Select(r => r.ToString(CultureInfo.InvariantCulture))]);
        var columnTicks = Enumerable.Range(0, columns).Where(c => c % Step(columns) == 0).ToArray();
        plot.Axes.Bottom.SetTicks([.. columnTicks.Select(c => (double)c)], [.. columnTicks.Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        plot.Title(Wrap(title, 90), 18);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    /// <summary>Where <see cref="HeatmapPlot"/> centres cell (<paramref name="i"/>, <paramref name="j"/>) of a matrix of <paramref name="rows"/> rows.</summary>
    internal static ScottPlot.Coordinates CellCentre(double i, double j, int rows) => new(j, rows - 1 - i);

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
        Decorate(plot, title, "true checkpoint epoch", "predicted checkpoint epoch");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 900, 800);
    }
}
