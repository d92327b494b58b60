using System.Globalization;
using System.IO.Compression;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

/// <summary>The rows of a metrics file and its config keys in column order (without "config.").</summary>
public sealed record CheckpointMetricsTable(IReadOnlyList<string> ConfigKeys, IReadOnlyList<CheckpointMetrics> Rows);
