using ScottPlot;
using SkiaSharp;
using WeightSpace.Core.Manifold;

namespace WeightSpace.Core.Report;

/// <summary>
/// The thesis' UMAP and statistics figures (9–14) drawn from embedding tables (stage outputs), as
/// grids of ScottPlot panels. Continuous colours run from blue (low) to yellow (high) like the
/// thesis' heat maps (viridis); categories get one colour each with a legend.
/// </summary>
public static class EmbeddingFigures
{
    private const int PanelWidth = 640, PanelHeight = 520, MaxCategories = 12;

    /// <summary>The thesis' order of statistics: mean, variance, then percentiles by rank.</summary>
    private static double StatisticOrder(string name) => name switch
    {
        "mean" => -5, "var" => -4, "std" => -3, "skew" => -2, "kurtosis" => -1,
        _ when name.StartsWith('p') && double.TryParse(name[1..], System.Globalization.CultureInfo.InvariantCulture, out var q) => q,
        _ => 1000,
    };

    /// <summary>One panel: a title and how to draw it.</summary>
    private sealed record Panel(string Title, Action<Plot> Draw);

    /// <summary>Figures 9 and 11: maps of a zoo's embeddings side by side (each panel an embedding and its title), coloured by test accuracy.</summary>
    public static void AccuracyMaps(EmbeddingTable zoo, string title, IReadOnlyList<(string Embedding, string Title)> panels, string path) =>
        Save(path, title, panels.Count, panels.Select(p => Map(zoo, p.Embedding, p.Title)).ToArray());

    /// <summary>Figure 10: each global statistic against test accuracy.</summary>
    public static void StatisticsAgainstAccuracy(EmbeddingTable zoo, string title, string path)
    {
        var panels = zoo.Values.Keys.Where(k => k.StartsWith("global:", StringComparison.Ordinal)).OrderBy(k => StatisticOrder(k[7..]))
            .Select(k => new Panel($"{k[7..]} vs test accuracy", plot =>
            {
                Scatter(plot, zoo.Values[k].Select(v => (double)v).ToArray(), zoo.Accuracy, zoo.Accuracy);
                plot.XLabel(k[7..]);
                plot.YLabel("test accuracy");
            })).ToArray();
        Save(path, title, 2, panels);
    }

    /// <summary>Figure 12: a zoo from the weights (top) and statistics (bottom), by accuracy and by each hyper-parameter with a handful of values.</summary>
    public static void HyperParameterMaps(EmbeddingTable zoo, string title, string path)
    {
        // Hyper-parameters with a handful of values (activation, init), not per-model ones like the seed.
        var labels = zoo.Labels.Where(l => l.Value.Distinct().Count() <= MaxCategories).Select(l => l.Key).Order(StringComparer.Ordinal).ToArray();
        var panels = new List<Panel>();
        foreach (var (name, what) in new[] { ("weights", "weights"), ("statistics", "global statistics") })
        {
            panels.Add(Map(zoo, name, $"{what}: test accuracy"));
            foreach (var label in labels) panels.Add(Map(zoo, name, $"{what}: {label}", label));
        }
        Save(path, title, 1 + labels.Length, panels);
    }

    /// <summary>
    /// Figures 13 and 14: a CNN zoo's map of the weights (13) or of the global statistics (14),
    /// coloured by test accuracy, checkpoint epoch, activation and init, as the thesis shows them.
    /// </summary>
    public static void CnnFigure(EmbeddingTable zoo, string embedding, string title, string path)
    {
        var epochs = zoo.Epochs.Select(e => e.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var panels = new List<Panel> { Map(zoo, embedding, "test accuracy"), Map(zoo, embedding, "checkpoint epoch", categories: epochs) };
        foreach (var label in new[] { "activation", "w_init" })
            if (zoo.Labels.ContainsKey(label)) panels.Add(Map(zoo, embedding, label, label));
        Save(path, title, 2, panels);
    }

    private static Panel Map(EmbeddingTable table, string embedding, string title, string? label = null, string[]? categories = null) => new(title, plot =>
    {
        var (x, y) = table.Embedding(embedding) ?? throw new InvalidDataException($"the embedding table has no '{embedding}' map");
        var xs = x.Select(v => (double)v).ToArray();
        var ys = y.Select(v => (double)v).ToArray();
        if (categories is not null) Categories(plot, xs, ys, categories);
        else if (label is null) Scatter(plot, xs, ys, table.Accuracy);
        else Categories(plot, xs, ys, table.Labels[label]);
        plot.XLabel("UMAP 1");
        plot.YLabel("UMAP 2");
    });

    /// <summary>
    /// The colour scale's ends: the 2nd and 98th percentiles of <paramref name="values"/> (linear interpolation between
    /// order statistics), so a few outliers do not squeeze every other point into one colour; values beyond are drawn at the ends.
    /// </summary>
    internal static (double Low, double High) ColourRange(IReadOnlyList<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return (0, 0);
        double At(double q)
        {
            var position = q * (sorted.Length - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, sorted.Length - 1);
            return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }
        return (At(0.02), At(0.98));
    }

    /// <summary>Points coloured by value (viridis, 32 bands, clipped to <see cref="ColourRange"/>), high values drawn last so they stay visible.</summary>
    private static void Scatter(Plot plot, double[] xs, double[] ys, double[] values)
    {
        var (min, max) = ColourRange(values);
        var colormap = new ScottPlot.Colormaps.Viridis();
        const int bands = 32;
        var band = values.Select(v => max > min ? Math.Clamp((int)((v - min) / (max - min) * bands), 0, bands - 1) : 0).ToArray();
        for (var b = 0; b < bands; b++)
        {
            var rows = Enumerable.Range(0, xs.Length).Where(i => band[i] == b).ToArray();
            if (rows.Length == 0) continue;
            var markers = plot.Add.Markers(rows.Select(i => xs[i]).ToArray(), rows.Select(i => ys[i]).ToArray(),
                MarkerShape.FilledCircle, 2.5f, colormap.GetColor((b + 0.5) / bands));
        }
        var caption = plot.Add.Annotation($"colour: {min:0.###} (blue) to {max:0.###} (yellow), 2nd-98th percentile", Alignment.LowerRight);
        caption.LabelFontSize = 14;
    }

    private static void Categories(Plot plot, double[] xs, double[] ys, string[] labels)
    {
        var levels = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        for (var l = 0; l < levels.Length; l++)
        {
            var rows = Enumerable.Range(0, xs.Length).Where(i => labels[i] == levels[l]).ToArray();
            var markers = plot.Add.Markers(rows.Select(i => xs[i]).ToArray(), rows.Select(i => ys[i]).ToArray(),
                FigureRenderer.Markers[l % FigureRenderer.Markers.Length], 4f, FigureRenderer.Palette[l % FigureRenderer.Palette.Length]);
            markers.LegendText = levels[l];
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 14;
    }

    /// <summary>Draws each panel as its own plot and tiles them under a title.</summary>
    private static void Save(string path, string title, int columns, IReadOnlyList<Panel> panels)
    {
        var rows = (panels.Count + columns - 1) / columns;
        const int titleHeight = 50;
        using var surface = SKSurface.Create(new SKImageInfo(columns * PanelWidth, titleHeight + rows * PanelHeight));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var font = new SKFont(SKTypeface.Default, 24))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            // Shrunk to fit the image's width, so the title is whole however many panels there are.
            var width = font.MeasureText(title, paint);
            if (width > columns * PanelWidth - 32) font.Size = 24 * (columns * PanelWidth - 32) / width;
            canvas.DrawText(title, 16, 34, font, paint);
        }
        for (var p = 0; p < panels.Count; p++)
        {
            var plot = new Plot();
            panels[p].Draw(plot);
            plot.Title(panels[p].Title, 22);
            plot.Axes.Bottom.Label.FontSize = 18;
            plot.Axes.Left.Label.FontSize = 18;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
            plot.Axes.Left.TickLabelStyle.FontSize = 15;
            var png = plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png);
            using var image = SKImage.FromEncodedData(png);
            canvas.DrawImage(image, p % columns * PanelWidth, titleHeight + p / columns * PanelHeight);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
