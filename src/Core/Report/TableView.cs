using System.Globalization;
using WeightSpace.Core.Metrics;

namespace WeightSpace.Core.Report;

/// <summary>
/// One report table as the Markdown file and the page show it: the thesis rows (each with its verdict),
/// apart from them the rows beyond the thesis (never counted), and each row's parameter count from the
/// model itself (its "params" metric row, folded into a column) beside the size the thesis states.
/// </summary>
public sealed class TableView
{
    private readonly Dictionary<MetricKey, double> _params;
    private readonly List<ReportRow> _all;

    public TableView(string table, IEnumerable<ReportRow> rows, ReportCatalog catalog)
    {
        Id = table;
        Caption = catalog.Caption(table);
        ShortName = catalog.ShortName(table);
        Notes = catalog.Notes(table);
        var list = rows.Where(r => r.Key.Table == table).ToList();
        _params = list.Where(r => r.Key.Metric == ModelSize.Metric && r.Ours is not null)
            .GroupBy(r => r.Key with { Metric = "" })
            .ToDictionary(g => g.Key, g => g.First().Ours!.Value);
        ThesisRows = list.Where(r => r.IsThesisRow).ToList();
        // A params row whose model has another row here is shown in that row's params column instead.
        var sized = list.Where(r => r.Key.Metric != ModelSize.Metric).Select(r => r.Key with { Metric = "" }).ToHashSet();
        OtherRows = list.Where(r => !r.IsThesisRow && !(r.Key.Metric == ModelSize.Metric && sized.Contains(r.Key with { Metric = "" }))).ToList();
        _all = list;
        ShowsSizes = _params.Count > 0 || list.Any(r => ModelSize.StatedByThesis(r.Key.Config) is not null);
    }

    public string Id { get; }
    public string Caption { get; }

    /// <summary>"Table 4", "Section 4.4.2": the caption before its dash.</summary>
    public string ShortName { get; }

    /// <summary>What a reader needs to read the table right (e.g. what p0 means), or "".</summary>
    public string Notes { get; }

    /// <summary>Rows with a thesis number, in the reference's order.</summary>
    public IReadOnlyList<ReportRow> ThesisRows { get; }

    /// <summary>Rows beyond the thesis (Kendall's τ, MSE beside R², ceilings, counts, other datasets): shown apart, no verdict.</summary>
    public IReadOnlyList<ReportRow> OtherRows { get; }

    /// <summary>Whether the table has the two size columns (some row has a model or a size the thesis states).</summary>
    public bool ShowsSizes { get; }

    /// <summary>The parameter count of the row's model, measured on the model (its "params" row), or null (also for the params row itself, whose ours is that count).</summary>
    public double? Params(ReportRow row) =>
        row.Key.Metric != ModelSize.Metric && _params.TryGetValue(row.Key with { Metric = "" }, out var p) ? p : null;

    /// <summary>The size the thesis states for the row's model ("~80k"), or null (<see cref="ModelSize.ThesisSize"/>).</summary>
    public string? ThesisSize(ReportRow row) => ModelSize.ThesisSize(row, _all);

    /// <summary>"3 reproduced, 1 partial" for the thesis rows, and how many rows are beyond the thesis.</summary>
    public string VerdictLine() =>
        ThesisRows.Count == 0
            ? $"Not a thesis table: {Rows(OtherRows.Count)}, no verdicts."
            : $"{ShortName}: {Verdicts.Count(ThesisRows)} (of {ThesisRows.Count} thesis rows; {Rows(OtherRows.Count)} beyond the thesis shown apart, not counted).";

    /// <summary>"1 row", "3 rows".</summary>
    public static string Rows(int count) => count == 1 ? "1 row" : $"{count} rows";
}

/// <summary>Model sizes as the tables show them: measured on the model, and as the thesis states them in a row's config.</summary>
public static class ModelSize
{
    /// <summary>The metric of a learned model's parameter count (written by the stages that train it).</summary>
    public const string Metric = "params";

    private const string Prefix = "params~";

    /// <summary>The config as the tables show it: without the size the thesis states ("latent=20;N=1;d=128;params~80k" -> "latent=20;N=1;d=128").</summary>
    public static string Label(string config) =>
        string.Join(';', config.Split(';').Where(part => !part.StartsWith(Prefix, StringComparison.Ordinal)));

    /// <summary>The size stated in a config label ("~80k"), or null.</summary>
    public static string? StatedByThesis(string config) =>
        config.Split(';').FirstOrDefault(part => part.StartsWith(Prefix, StringComparison.Ordinal)) is { } part ? part[(Prefix.Length - 1)..] : null;

    private const string ShrunkPrefix = "shrunk:";

    /// <summary>A model our profile shrinks below the thesis' ("shrunk:d=128;N=2;params~2M"): the size in its label is ours, not the thesis'.</summary>
    public static bool IsShrunk(string config) => config.StartsWith(ShrunkPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The size the thesis states for the row's model ("~80k"), or null: the one in its config label, or for a shrunk model
    /// the one the table's thesis row of the same method and input states.
    /// </summary>
    public static string? ThesisSize(ReportRow row, IEnumerable<ReportRow> rows) =>
        !IsShrunk(row.Key.Config)
            ? StatedByThesis(row.Key.Config)
            : rows.Where(r => r.IsThesisRow && r.Key.Table == row.Key.Table && r.Key.Method == row.Key.Method && r.Key.Input == row.Key.Input)
                .Select(r => StatedByThesis(r.Key.Config)).FirstOrDefault(s => s is not null);

    /// <summary>Ours differs materially from a stated size when it is more than this share outside it (the thesis' "~" is a rounding).</summary>
    public const double Slack = 0.1;

    /// <summary>Whether a count is the stated size low to high, within <see cref="Slack"/>.</summary>
    public static bool Within(double count, double low, double high) => count >= low * (1 - Slack) && count <= high * (1 + Slack);

    /// <summary>A stated size as numbers: "~80k" is 80,000 to 80,000, "~1.5-3.6M" 1.5M to 3.6M; false when it is not one.</summary>
    public static bool Parse(string stated, out double low, out double high)
    {
        low = high = 0;
        var text = stated.TrimStart('~');
        if (text.Length < 2) return false;
        var scale = char.ToLowerInvariant(text[^1]) switch { 'k' => 1e3, 'm' => 1e6, _ => 0 };
        if (scale == 0) return false;
        var bounds = text[..^1].Split('-');
        if (bounds.Length > 2 || !bounds.All(b => double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            return false;
        low = double.Parse(bounds[0], CultureInfo.InvariantCulture) * scale;
        high = double.Parse(bounds[^1], CultureInfo.InvariantCulture) * scale;
        return low <= high;
    }
}
