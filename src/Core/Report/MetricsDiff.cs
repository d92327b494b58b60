using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Core.Report;

/// <summary>Compares two reports/metrics.json summaries (like `dvc metrics diff`).</summary>
public static class MetricsDiff
{
    /// <summary>The summary's one non-metric key: the params profile that produced it.</summary>
    public const string ProfileKey = "profile";

    /// <summary>The summary's object of verdicts: each thesis row's key and its verdict ("reproduced", ...).</summary>
    public const string VerdictsKey = "verdicts";

    /// <summary>Parses a summary's metrics; <paramref name="origin"/> names it in errors (e.g. "HEAD~1:reports/metrics.json").</summary>
    public static IReadOnlyDictionary<string, double> Parse(string? json, string origin)
    {
        if (json is null) return new Dictionary<string, double>();
        try
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{origin}: not a metrics summary (the top level must be an object)");
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, value) in node)
            {
                if (key is ProfileKey or VerdictsKey) continue;
                metrics[key] = value is JsonValue v && v.TryGetValue<double>(out var d)
                    ? d
                    : throw new InvalidDataException($"{origin}: metric '{key}' is not a number");
            }
            return metrics;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not a metrics summary ({e.Message})", e);
        }
    }

    /// <summary>A summary's verdicts by key; none for a summary written before verdicts were recorded (or none at all).</summary>
    public static IReadOnlyDictionary<string, string> ParseVerdicts(string? json, string origin)
    {
        var verdicts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null) return verdicts;
        try
        {
            if ((JsonNode.Parse(json) as JsonObject)?[VerdictsKey] is not { } node) return verdicts;
            if (node is not JsonObject map) throw new InvalidDataException($"{origin}: '{VerdictsKey}' is not an object of verdicts");
            foreach (var (key, value) in map)
                verdicts[key] = value is JsonValue v && v.TryGetValue<string>(out var text)
                    ? text
                    : throw new InvalidDataException($"{origin}: the verdict of '{key}' is not a string");
            return verdicts;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not a metrics summary ({e.Message})", e);
        }
    }

    /// <summary>Rows whose verdict differs between two summaries (added and removed ones too), in key order.</summary>
    public static IReadOnlyList<VerdictChange> CompareVerdicts(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> @new) =>
        old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal)
            .Select(key => new VerdictChange(key, old.GetValueOrDefault(key), @new.GetValueOrDefault(key)))
            .Where(c => c.Old != c.New)
            .ToList();

    /// <summary>The verdict changes as columns (printed before the metric changes), or a line saying there are none.</summary>
    public static string RenderVerdicts(IReadOnlyList<VerdictChange> changes, string oldLabel, string newLabel) =>
        changes.Count == 0
            ? "no verdict changed\n"
            : Columns(["Verdict of", oldLabel, newLabel], changes.Select(c => new[] { c.Key, c.Old ?? "—", c.New ?? "—" }).ToList());

    /// <summary>The profile a summary records, or null (summaries written before it was recorded, or none).</summary>
    public static string? ProfileOf(string? json)
    {
        try
        {
            return json is null ? null : (JsonNode.Parse(json) as JsonObject)?[ProfileKey] is JsonValue v && v.TryGetValue<string>(out var p) ? p : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A warning when the two sides come from different profiles (their numbers are not comparable), else null.</summary>
    public static string? ProfileWarning(string? oldProfile, string? newProfile, string oldLabel, string newLabel)
    {
        if (oldProfile == newProfile) return null;
        string Name(string? p) => p is null ? "an unrecorded profile" : $"profile '{p}'";
        return $"warning: {oldLabel} comes from {Name(oldProfile)} and {newLabel} from {Name(newProfile)}; differences below may come from the profiles, not the code";
    }

    /// <summary>Changed, added and removed metrics in key order; equal values are left out.</summary>
    public static IReadOnlyList<MetricChange> Compare(IReadOnlyDictionary<string, double> old, IReadOnlyDictionary<string, double> @new)
    {
        var keys = old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal);
        var changes = new List<MetricChange>();
        foreach (var key in keys)
        {
            double? before = old.TryGetValue(key, out var o) ? o : null;
            double? after = @new.TryGetValue(key, out var n) ? n : null;
            if (before != after) changes.Add(new MetricChange(key, before, after));
        }
        return changes;
    }

    public static string Render(IReadOnlyList<MetricChange> changes, string oldLabel, string newLabel, int digits)
    {
        if (changes.Count == 0) return "no metric changed\n";
        string Cell(double? v) => v is { } x ? ReportRenderer.Format(x, digits) : "—";
        var rows = changes.Select(c => new[]
        {
            c.Key, Cell(c.Old), Cell(c.New),
            c.Delta is { } d ? (d > 0 ? "+" : "") + ReportRenderer.Format(d, digits) : c.Old is null ? "added" : "removed",
        }).ToList();
        return Columns(["Metric", oldLabel, newLabel, "Change"], rows);
    }

    /// <summary>Left-aligned text columns, two spaces apart.</summary>
    public static string Columns(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        foreach (var line in rows.Prepend(header))
            sb.Append(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        return sb.ToString();
    }
}
