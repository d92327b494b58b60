using System.Globalization;

namespace WeightSpace.Core.Report;

/// <summary>
/// The cross-machine check: metrics recomputed here (keys and rounding as metrics.json has them,
/// <see cref="ReportRenderer.Summary"/>) against the committed report. Every recomputed metric is
/// compared, and every committed metric of a table, dataset, target and method the recomputed stages
/// produce (its key's first four columns) must have been recomputed: one missing is a difference too.
/// (Not the table alone: two stages write rows of one table, e.g. Table 8's LightGBM and its networks.)
/// </summary>
public static class NumbersCheck
{
    /// <summary>The committed metrics in scope: those whose table, dataset, target and method a recomputed key has.</summary>
    public static IReadOnlyDictionary<string, double> InScope(IReadOnlyDictionary<string, double> committed, IReadOnlyDictionary<string, double> recomputed)
    {
        var scopes = recomputed.Keys.Select(Scope).ToHashSet(StringComparer.Ordinal);
        return committed.Where(kv => scopes.Contains(Scope(kv.Key))).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Every difference in key order: a value that differs at all, a committed metric not recomputed
    /// (New null), a recomputed one the committed report lacks (Old null).</summary>
    public static IReadOnlyList<MetricChange> Compare(IReadOnlyDictionary<string, double> committed, IReadOnlyDictionary<string, double> recomputed) =>
        MetricsDiff.Compare(InScope(committed, recomputed), recomputed);

    /// <summary>One line per difference, with both values in full (round-trip) precision.</summary>
    public static IEnumerable<string> Describe(IEnumerable<MetricChange> changes) => changes.Select(c =>
        $"  {c.Key}: committed {Value(c.Old, "(absent)")}, recomputed {Value(c.New, "(not recomputed)")}");

    /// <summary>"table/dataset/target/method": the part of a metrics.json key that names what one stage produces.</summary>
    public static string Scope(string key) => string.Join('/', key.Split('/').Take(4));

    private static string Value(double? value, string none) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : none;
}
