namespace WeightSpace.Core.Report;

/// <summary>One line of a report table: the thesis' number and ours for the same key.</summary>
/// <param name="Thesis">The published value; null for a row only we measure.</param>
/// <param name="Ours">Our value (mean over seeds); null while not yet measured.</param>
/// <param name="Runs">How many metric rows (seeds) were averaged into <paramref name="Ours"/>.</param>
public sealed record ReportRow(
    string Table,
    string Dataset,
    string Target,
    string Method,
    string Input,
    string Augmentation,
    string Config,
    string Metric,
    double? Thesis,
    double? Ours,
    int Runs,
    string Note)
{
    public double? Difference => Thesis is { } t && Ours is { } o ? o - t : null;

    /// <summary>The row's identity in reports/metrics.json and in metric diffs.</summary>
    public string Key => string.Join('/', new[] { Table, Dataset, Target, Method, Input, Augmentation, Config, Metric }
        .Select(part => part.Length == 0 ? "-" : part));
}
