using WeightSpace.Core.Metrics;

namespace WeightSpace.Core.Report;

/// <summary>One line of a report table: the thesis' number and ours for the same key.</summary>
/// <param name="Key">What the number is: the columns the report joins the thesis and our metrics on.</param>
/// <param name="Thesis">The published value; null for a row only we measure.</param>
/// <param name="Ours">Our value (mean over seeds); null while not yet measured.</param>
/// <param name="Runs">How many metric rows (seeds) were averaged into <paramref name="Ours"/>.</param>
public sealed record ReportRow(MetricKey Key, double? Thesis, double? Ours, int Runs, string Note)
{
    /// <summary>A row from its key's columns, in the order of <see cref="MetricKey"/>.</summary>
    public ReportRow(string table, string dataset, string target, string method, string input, string augmentation, string config, string metric,
        double? thesis, double? ours, int runs, string note)
        : this(new MetricKey(table, dataset, target, method, input, augmentation, config, metric), thesis, ours, runs, note)
    {
    }

    /// <summary>Our rows' typed settings (a figure's point); none for a thesis-only row.</summary>
    public MetricCoordinates At { get; init; } = MetricCoordinates.None;

    /// <summary>What the row says about the thesis' number (verdict.sql); null for a row beyond the thesis.</summary>
    public Verdict? Verdict { get; init; }

    /// <summary>Why the verdict: the tolerance it is within, or what makes it not comparable or not measured.</summary>
    public string Reason { get; init; } = "";

    /// <summary>A thesis number (has a verdict); the other rows are shown apart and never counted.</summary>
    public bool IsThesisRow => Thesis is not null;

    public double? Difference => Thesis is { } t && Ours is { } o ? o - t : null;
}
