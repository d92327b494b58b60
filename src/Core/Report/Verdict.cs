namespace WeightSpace.Core.Report;

/// <summary>
/// What a thesis number's row says about it, computed by verdict.sql from the metrics (never typed):
/// see that file for the rules and tolerance.sql for the tolerances.
/// </summary>
public enum Verdict
{
    Reproduced,
    Partial,
    NotReproduced,
    NotComparable,
    NotMeasured,
}

public static class Verdicts
{
    /// <summary>Every verdict, in the order the page counts them.</summary>
    public static readonly IReadOnlyList<Verdict> All = Enum.GetValues<Verdict>();

    /// <summary>The verdict as verdict.sql, the tables and metrics.json spell it: "not reproduced".</summary>
    public static string Name(this Verdict verdict) => verdict switch
    {
        Verdict.Reproduced => "reproduced",
        Verdict.Partial => "partial",
        Verdict.NotReproduced => "not reproduced",
        Verdict.NotComparable => "not comparable",
        Verdict.NotMeasured => "not measured",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary>The page's CSS class of a verdict: "v-not-reproduced".</summary>
    public static string CssClass(this Verdict verdict) => "v-" + verdict.Name().Replace(' ', '-');

    /// <exception cref="InvalidDataException">names the unknown verdict and the known ones.</exception>
    public static Verdict Parse(string name)
    {
        foreach (var v in All)
            if (v.Name() == name) return v;
        throw new InvalidDataException($"unknown verdict '{name}'; expected one of {string.Join(", ", All.Select(x => x.Name()))}");
    }

    /// <summary>"3 reproduced, 1 partial, 1 not reproduced": the verdicts of the rows that have one, in <see cref="All"/>'s order, zero counts left out.</summary>
    public static string Count(IEnumerable<ReportRow> rows)
    {
        var counts = Counts(rows);
        var parts = All.Where(v => counts[v] > 0).Select(v => $"{counts[v]} {v.Name()}").ToList();
        return parts.Count == 0 ? "no thesis rows" : string.Join(", ", parts);
    }

    /// <summary>How many rows have each verdict (rows beyond the thesis have none and are not counted).</summary>
    public static IReadOnlyDictionary<Verdict, int> Counts(IEnumerable<ReportRow> rows)
    {
        var counts = All.ToDictionary(v => v, _ => 0);
        foreach (var row in rows)
            if (row.Verdict is { } v) counts[v]++;
        return counts;
    }
}
