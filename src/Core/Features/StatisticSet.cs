using System.Globalization;

namespace WeightSpace.Core.Features;

/// <summary>
/// An ordered list of statistics computed per weight group (thesis §4.3.2, Eilertsen et al. 2020).
/// Names: <c>mean, var, std, skew, kurtosis</c> and percentiles <c>pN</c> with N in [0, 100]
/// (decimals allowed, e.g. <c>p2.5</c>).
/// </summary>
public sealed class StatisticSet
{
    private StatisticSet(IReadOnlyList<Statistic> statistics)
    {
        Statistics = statistics;
        NeedsSort = statistics.Any(s => s.Kind == StatisticKind.Percentile);
        NeedsHigherMoments = statistics.Any(s => s.Kind is StatisticKind.Skew or StatisticKind.Kurtosis);
    }

    /// <summary>The thesis' set: mean, var and the percentiles 0, 25, 50, 75, 100.</summary>
    public static StatisticSet Default { get; } = Parse(["mean", "var", "p0", "p25", "p50", "p75", "p100"]);

    public IReadOnlyList<Statistic> Statistics { get; }
    public int Count => Statistics.Count;
    public IEnumerable<string> Names => Statistics.Select(s => s.Name);

    internal bool NeedsSort { get; }
    internal bool NeedsHigherMoments { get; }

    /// <summary>Parses a comma-separated list such as <c>"mean, var, p25"</c>.</summary>
    public static StatisticSet Parse(string commaSeparated) =>
        Parse(commaSeparated.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Parses statistic names (case-insensitive, surrounding blanks ignored).</summary>
    /// <exception cref="FormatException">names the unknown or duplicated statistic.</exception>
    public static StatisticSet Parse(IEnumerable<string> names)
    {
        var list = new List<Statistic>();
        foreach (var raw in names)
        {
            var stat = ParseOne(raw);
            if (list.Contains(stat))
                throw new FormatException($"statistic '{raw.Trim()}' is listed twice");
            list.Add(stat);
        }
        if (list.Count == 0) throw new FormatException("a statistic set needs at least one statistic");
        return new StatisticSet(list);
    }

    private static Statistic ParseOne(string raw)
    {
        var name = raw.Trim().ToLowerInvariant();
        switch (name)
        {
            case "mean": return new(StatisticKind.Mean);
            case "var": return new(StatisticKind.Var);
            case "std": return new(StatisticKind.Std);
            case "skew": return new(StatisticKind.Skew);
            case "kurtosis": return new(StatisticKind.Kurtosis);
        }
        if (name.Length > 1 && name[0] == 'p'
            && double.TryParse(name.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
            && q is >= 0 and <= 100)
            return new(StatisticKind.Percentile, q);
        throw new FormatException(
            $"unknown statistic '{raw}': expected mean, var, std, skew, kurtosis or pN with N in [0, 100] (e.g. p25)");
    }

    public override string ToString() => string.Join(",", Names);
}
