namespace WeightSpace.Core.Report;

/// <summary>
/// A thesis figure as the report draws it, declared once beside the experiment whose rows (or
/// embeddings) it plots (e.g. Table4.Figure15) and listed in the report's <see cref="ReportCatalog"/>.
/// The report page lists each one: drawn when its PNG exists, otherwise with the reason it is not.
/// </summary>
/// <param name="Number">The thesis' figure number; the metric rows' table id is "fig&lt;Number&gt;".</param>
/// <param name="Caption">The caption under the figure on the report page, shortened from the thesis.</param>
/// <param name="Title">The title drawn into the image.</param>
/// <param name="Plot">What is plotted and by which renderer.</param>
public sealed record ReportFigure(int Number, string Caption, string Title, FigurePlot Plot)
{
    /// <summary>The metric rows' table id of the figure, e.g. "fig15".</summary>
    public string Id => $"fig{Number}";

    /// <summary>The PNG file name the figure is drawn to, inside the report's figures folder.</summary>
    public string FileName => $"{Id}.png";

    /// <summary>The one dataset whose rows the figure shows (the thesis draws some from one zoo), or null for all.</summary>
    public string? Dataset { get; init; }

    /// <summary>The table (id) the page shows the figure after, as the thesis places it; null: in the closing Figures section.</summary>
    public string? After { get; init; }
}
