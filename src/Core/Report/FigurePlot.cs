using System.Globalization;
using WeightSpace.Core.Manifold;

namespace WeightSpace.Core.Report;

/// <summary>
/// What a <see cref="ReportFigure"/> plots and which renderer draws it. Each kind draws nothing when
/// what it plots is not there (no measured rows, no embedding table), so the page says "not yet drawn".
/// </summary>
public abstract record FigurePlot
{
    /// <param name="rows">Every report row (of the figure's dataset, when it has one).</param>
    /// <param name="embedding">A zoo's embedding table (Figures 9-14), or null when no stage made it.</param>
    public abstract void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path);
}

/// <summary>A line per series (<paramref name="Series"/> names it): the figure's rows, metric against checkpoint epoch.</summary>
public sealed record ByEpochPlot(string YLabel, Func<ReportRow, string> Series) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.MetricByEpoch(rows, figure.Id, figure.Title, YLabel, path, Series);
}

/// <summary>
/// As <see cref="ByEpochPlot"/>, of the rows with noise at <paramref name="Noise"/> and the measured SNR nearest
/// <paramref name="NearSnr"/> dB (the higher on a tie); the figure's title formats that SNR as {0}.
/// </summary>
public sealed record ByEpochAtSnrPlot(string YLabel, string Noise, double NearSnr, Func<ReportRow, string> Series) : FigurePlot
{
    /// <summary>Only the rows of this method (the figure's table may hold others); null: every row.</summary>
    public string? Method { get; init; }

    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path)
    {
        if (Method is { } method) rows = rows.Where(r => r.Key.Method == method).ToList();
        if (FigureRenderer.NearestSnr(rows, figure.Id, NearSnr) is not { } snr) return;
        FigureRenderer.MetricByEpoch(rows.Where(r => r.Key.Table == figure.Id && r.At.Noise == Noise && r.At.Snr == snr), figure.Id,
            string.Format(CultureInfo.CurrentCulture, figure.Title, snr), YLabel, path, Series);
    }
}

/// <summary>A line per series (<paramref name="Series"/> names it): reconstruction R² against SNR, bottleneck noise dashed.</summary>
public sealed record BySnrPlot(Func<ReportRow, string> Series) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.MetricBySnr(rows, figure.Id, Series, figure.Title, path);
}

/// <summary>
/// R² against SNR of the rows of <paramref name="Method"/>: a panel per noise location (bottleneck left, input right, as
/// the thesis' Figure 18), a line per series (<paramref name="Series"/> names it) told apart by colour and marker.
/// </summary>
public sealed record NoiseTrainingSnrPlot(string Method, Func<ReportRow, string> Series) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.MetricBySnrPanels(rows.Where(r => r.Key.Method == Method), figure.Id, Series, figure.Title, path);
}

/// <summary>Recall per checkpoint epoch, a panel per target and method (<paramref name="Methods"/>: id and label, left to right), a line per class.</summary>
public sealed record RecallGridPlot(IReadOnlyList<(string Method, string Label)> Methods) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.RecallGrid(rows, figure.Id, figure.Title, Methods, path);
}

/// <summary>
/// Two panels of the figure's rows: <paramref name="Left"/>'s metric against its epoch on the left, <paramref name="Right"/>'s on the
/// right, each a line per series; a panel with no rows says so.
/// </summary>
public sealed record TwoEpochPanelsPlot(EpochPanel Left, EpochPanel Right) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.EpochPanels(rows.Where(r => r.Key.Table == figure.Id).ToList(), figure.Title, Left, Right, path);
}

/// <summary>One panel of <see cref="TwoEpochPanelsPlot"/>: the rows of <paramref name="Metric"/>, its title and axis labels, a line per series.</summary>
public sealed record EpochPanel(string Metric, string Title, string XLabel, string YLabel, Func<ReportRow, string> Series);

/// <summary>A heatmap of the figure's <paramref name="Metric"/> rows, one cell per (cell row, cell column), row 0 at the top.</summary>
public sealed record MatrixHeatmapPlot(string Metric, string XLabel = "", string YLabel = "") : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.MatrixHeatmap(rows, figure.Id, Metric, figure.Title, path, XLabel, YLabel);
}

/// <summary>
/// Every head's attention map, the high-accuracy model above the low one, each token labelled: the leading global
/// tokens "G", then neuron k of layer l as "l.k" for the layers' neuron counts the figure's "neurons" rows give.
/// </summary>
public sealed record AttentionPanelsPlot : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.AttentionPanels(rows, figure.Id, figure.Title, path);
}

/// <summary>The epoch confusion matrix with the regressed group's quantiles over it.</summary>
public sealed record EpochConfusionPlot : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path) =>
        FigureRenderer.EpochConfusion(rows, figure.Id, figure.Title, path);
}

/// <summary>Maps of <paramref name="Zoo"/>'s embeddings side by side, coloured by test accuracy: each panel an embedding and its title.</summary>
public sealed record AccuracyMapsPlot(string Zoo, IReadOnlyList<(string Embedding, string Title)> Panels) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path)
    {
        if (embedding(Zoo) is { } table) EmbeddingFigures.AccuracyMaps(table, figure.Title, Panels, path);
    }
}

/// <summary>Each global statistic of <paramref name="Zoo"/> against test accuracy.</summary>
public sealed record StatisticsAgainstAccuracyPlot(string Zoo) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path)
    {
        if (embedding(Zoo) is { } table) EmbeddingFigures.StatisticsAgainstAccuracy(table, figure.Title, path);
    }
}

/// <summary><paramref name="Zoo"/>'s weights and statistics maps by accuracy and by each hyper-parameter with a handful of values.</summary>
public sealed record HyperParameterMapsPlot(string Zoo) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path)
    {
        if (embedding(Zoo) is { } table) EmbeddingFigures.HyperParameterMaps(table, figure.Title, path);
    }
}

/// <summary>A CNN zoo's map of one embedding by test accuracy, checkpoint epoch, activation and init.</summary>
public sealed record CnnMapsPlot(string Zoo, string Embedding) : FigurePlot
{
    public override void Draw(ReportFigure figure, IReadOnlyList<ReportRow> rows, Func<string, EmbeddingTable?> embedding, string path)
    {
        if (embedding(Zoo) is { } table) EmbeddingFigures.CnnFigure(table, Embedding, figure.Title, path);
    }
}
