namespace WeightSpace.Tests.Report;

/// <summary>
/// What a real browser saw of a page: each image's natural width, the tables, every error, how many
/// pixels the page is wider than the window (0: no horizontal scrolling, with every details element
/// closed and opened), the text of each row of the verdict summary, and the tables too wide for the
/// page that scroll sideways in their own box (by table id).
/// </summary>
public sealed record PageCheck(IReadOnlyList<int> ImageWidths, IReadOnlyList<string> TableIds, IReadOnlyList<string> Errors,
    int HorizontalOverflow, IReadOnlyList<string> VerdictSummary, IReadOnlyList<string> ScrollingTables);
