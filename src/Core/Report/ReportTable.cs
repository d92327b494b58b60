namespace WeightSpace.Core.Report;

/// <summary>
/// A table of the report, declared once beside the experiment that measures it (e.g. Table9.Spec)
/// and listed in the report's <see cref="ReportCatalog"/>.
/// </summary>
/// <param name="Id">The metric rows' table column, e.g. "table9".</param>
/// <param name="Order">Its place in the report: datasets first (0), thesis tables by number, the rest after (1000, then by id).</param>
/// <param name="Caption">The heading of the table, shortened from the thesis.</param>
public sealed record ReportTable(string Id, int Order, string Caption)
{
    /// <summary>Rows of other tables this table shows again beside its own (joined with the thesis under this table's id).</summary>
    public IReadOnlyList<BorrowedRows> Borrowed { get; init; } = [];

    /// <summary>What a reader needs to read the table right (definitions, how ours differs), shown under its caption; "" for none.</summary>
    public string Notes { get; init; } = "";

    /// <summary>A summary the table shows before its rows, made from them (with the digits numbers get); null: none.</summary>
    public Func<IReadOnlyList<ReportRow>, int, LeadTable?>? Lead { get; init; }

    /// <summary>Other tables (ids) whose rows <see cref="Lead"/> is given beside the table's own, e.g. to read their thesis numbers.</summary>
    public IReadOnlyList<string> LeadReads { get; init; } = [];
}

/// <summary>A small table of text cells shown before a report table's rows, in its Markdown file and on the page.</summary>
/// <param name="Title">Its heading.</param>
/// <param name="Text">A paragraph under the heading (may be empty).</param>
public sealed record LeadTable(string Title, string Text, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The rows of another table that a table shows as its own: <paramref name="From"/>'s measurements of
/// <paramref name="Method"/> on <paramref name="Input"/>, under the borrowing table's id and with no
/// config (the thesis names such rows by method and input alone).
/// </summary>
public sealed record BorrowedRows(string From, string Method, string Input);
