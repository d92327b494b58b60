using ScottPlot;
using WeightSpace.Core.Manifold;
using WeightSpace.Core.Report;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// The zoo-size law's figure: a panel per image set and target (accuracy R², init F1), each method's mean ± sd
/// over seeds against the number of training models on a log axis, its fitted curve, and the thesis' number as a
/// dashed line in the method's colour. Colours are Okabe and Ito's colour-blind-safe palette, and each method
/// has its own marker as well, so the lines read apart in grey too.
/// </summary>
public sealed record ZooSizePlot : FigurePlot
{
    /// <summary>Okabe-Ito colours and a distinct marker per method, in the order of <see cref="ZooSize.Methods"/>.</summary>
    private static readonly (string Color, ScottPlot.MarkerShape Marker)[] Styles =
    [
        ("#E69F00", ScottPlot.MarkerShape.FilledCircle),
        ("#0072B2", ScottPlot.MarkerShape.FilledSquare),
        ("#009E73", ScottPlot.MarkerShape.FilledTriangleUp),
        ("#CC79A7", ScottPlot.MarkerShape.FilledDiamond),
    ];

    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path)
    {
        var lines = ZooSizeTable.Lines(rows.Where(r => r.Key.Table == ZooSize.Table && r.Ours is not null).ToList(), rows)
            .Where(l => l.Points.Count > 0).ToList();
        if (lines.Count == 0) return;
        var panels = lines.GroupBy(l => (l.Dataset, l.Target)).ToList();
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(panels.Count);
        var targets = panels.Select(p => p.Key.Target).Distinct().Count();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: (panels.Count + targets - 1) / targets, columns: targets);
        for (var i = 0; i < panels.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            var panel = panels[i];
            var models = panel.SelectMany(l => l.Points).Select(p => p.Models).Where(m => m > 0).Distinct().Order().ToArray();
            foreach (var line in panel)
            {
                var (hex, marker) = Styles[Math.Max(0, ZooSize.Methods.ToList().IndexOf(line.Method)) % Styles.Length];
                var color = ScottPlot.Color.FromHex(hex);
                var points = line.Points.Where(p => p.Models > 0).ToList();
                var xs = points.Select(p => Math.Log10(p.Models)).ToArray();
                var means = points.Select(p => p.Mean).ToArray();
                var bars = plot.Add.ErrorBar(xs, means, points.Select(p => p.Sd).ToArray());
                bars.Color = color;
                var scatter = plot.Add.Scatter(xs, means);
                scatter.Color = color;
                scatter.MarkerShape = marker;
                scatter.MarkerSize = 9;
                scatter.LineWidth = 0;
                scatter.LegendText = $"{line.Method} ({line.Metric})";
                if (line.Curve is { } curve && models.Length > 0)
                {
                    var grid = Enumerable.Range(0, 60).Select(k => Math.Log10(models[0]) + k / 59.0 * (Math.Log10(models[^1] * 4) - Math.Log10(models[0]))).ToArray();
                    var fitted = plot.Add.Scatter(grid, grid.Select(x => curve.At(Math.Pow(10, x))).ToArray());
                    fitted.Color = color;
                    fitted.MarkerSize = 0;
                    fitted.LineWidth = 1.5f;
                }
                if (line.Thesis is { } thesis)
                {
                    var reference = plot.Add.HorizontalLine(thesis);
                    reference.Color = color.WithAlpha(0.8);
                    reference.LinePattern = ScottPlot.LinePattern.Dashed;
                    reference.LineWidth = 1;
                }
            }
            plot.Axes.Bottom.SetTicks(models.Select(Math.Log10).ToArray(), models.Select(m => ReportRenderer.Exact(m)).ToArray());
            plot.Title($"{panel.Key.Dataset}: {panel.Key.Target}");
            plot.XLabel("training models (log scale)");
            plot.YLabel(panel.Key.Target == "accuracy" ? "test R²" : "test macro F1");
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        multiplot.SavePng(path, 1200, 500 * ((panels.Count + targets - 1) / targets));
    }
}
