using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Core.Report;

/// <summary>One metric that differs between two summaries; Old or New is null when the row is added or removed.</summary>
public sealed record MetricChange(string Key, double? Old, double? New)
{
    public double? Delta => Old is { } o && New is { } n ? n - o : null;
}

/// <summary>A thesis row whose verdict differs between two summaries; Old or New is null when the row has none on that side.</summary>
public sealed record VerdictChange(string Key, string? Old, string? New);
