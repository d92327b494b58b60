namespace WeightSpace.Core.Report;

/// <summary>
/// The tables and figures of a report, each declared beside the experiment that measures it (e.g.
/// Table9.Spec, Table4.Figure15) and listed once in Experiments/ThesisReport.cs. The list is code the
/// report stage reaches, so a changed caption, title or borrowed row re-runs the report (a lookup by
/// reflection would hide them from the stage's code set).
/// </summary>
public sealed class ReportCatalog
{
    private readonly Dictionary<string, ReportTable> _byId;

    public ReportCatalog(IEnumerable<ReportTable> tables, IEnumerable<ReportFigure> figures)
    {
        Tables = Once(tables, t => t.Id).OrderBy(t => t.Order).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        Figures = Once(figures, f => f.Id).OrderBy(f => f.Number).ToList();
        _byId = Tables.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>No tables and no figures: every table is captioned by its id.</summary>
    public static ReportCatalog Empty { get; } = new([], []);

    /// <summary>Every table, in report order (see <see cref="ReportTable.Order"/>).</summary>
    public IReadOnlyList<ReportTable> Tables { get; }

    /// <summary>Every figure, in thesis order.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; }

    /// <summary>The caption of a table; its id when it has no declaration.</summary>
    public string Caption(string table) => _byId.TryGetValue(table, out var t) ? t.Caption : table;

    /// <summary>
    /// The summary a table shows before its rows, if it declares one and it has something to show. <paramref name="rows"/>
    /// may hold every table's rows: the summary is given the table's own and those of <see cref="ReportTable.LeadReads"/>.
    /// </summary>
    public LeadTable? Lead(string table, IReadOnlyList<ReportRow> rows, int digits) =>
        _byId.TryGetValue(table, out var t) && t.Lead is { } lead
            ? lead(rows.Where(r => r.Key.Table == table || t.LeadReads.Contains(r.Key.Table)).ToList(), digits)
            : null;

    /// <summary>"Table 4", "Section 4.4.2": a table's caption up to its dash; the whole caption when it has none.</summary>
    public string ShortName(string table)
    {
        var caption = Caption(table);
        var dash = caption.IndexOf(" — ", StringComparison.Ordinal);
        return dash > 0 ? caption[..dash] : caption;
    }

    /// <summary>A table's notes (<see cref="ReportTable.Notes"/>); "" when it has none or no declaration.</summary>
    public string Notes(string table) => _byId.TryGetValue(table, out var t) ? t.Notes : "";

    /// <summary>The figures the page shows after <paramref name="table"/>, in thesis order.</summary>
    public IReadOnlyList<ReportFigure> FiguresAfter(string table) => Figures.Where(f => f.After == table).ToList();

    /// <summary>The figures placed after no table of <paramref name="shown"/> (the page's closing Figures section).</summary>
    public IReadOnlyList<ReportFigure> FiguresApart(IEnumerable<string> shown)
    {
        var tables = shown.ToHashSet(StringComparer.Ordinal);
        return Figures.Where(f => f.After is null || !tables.Contains(f.After)).ToList();
    }

    /// <summary>A table's place in the report; after the declared ones (1000) when it has no declaration.</summary>
    public int Order(string table) => _byId.TryGetValue(table, out var t) ? t.Order : 1000;

    private static List<T> Once<T>(IEnumerable<T> items, Func<T, string> id)
    {
        var list = items.ToList();
        var twice = list.GroupBy(id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"{typeof(T).Name} '{twice.Key}' is listed {twice.Count()} times");
        return list;
    }
}
