using System.Globalization;
using System.IO.Compression;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// metrics.csv.gz of the Small CNN Zoo: gzip CSV with <c>modeldir, step, test_accuracy,
/// train_accuracy, test_loss, train_loss</c> and any number of <c>config.*</c> columns, in any
/// column order; other columns are ignored. Row i describes row i of weights.npy.
/// CsvHelper 34's source-generated [CsvRecord] types need the columns at compile time, which the
/// open set of config.* columns does not give, so this uses its lower-level CsvReader/CsvWriter
/// (header lookup, GetString, WriteRecord) and keeps CsvHelper's quoting.
/// </summary>
public static class MetricsCsv
{
    public const string ConfigPrefix = "config.";

    public static readonly IReadOnlyList<string> RequiredColumns =
        ["modeldir", "step", "test_accuracy", "train_accuracy", "test_loss", "train_loss"];

    /// <summary>Reads the whole file (a few MB for 100k checkpoints).</summary>
    /// <exception cref="ZooFormatException">names the file, the column and for bad values the 1-based data row.</exception>
    public static CheckpointMetricsTable Read(string path)
    {
        IReadOnlyList<string> keys = [];
        var rows = Enumerate(path, k => keys = k).ToList();
        return new(keys, rows);
    }

    /// <summary>Streams the rows; memory does not grow with the file.</summary>
    /// <param name="onHeader">
    /// Called once with the config keys (without "config.") in column order, after the required
    /// columns have been checked and before the first row is returned.
    /// </param>
    public static IEnumerable<CheckpointMetrics> Enumerate(string path, Action<IReadOnlyList<string>>? onHeader = null)
    {
        using var reader = new MetricsReader(path);
        onHeader?.Invoke(reader.ConfigKeys);
        while (reader.Read()) yield return reader.Current();
    }

    /// <summary>
    /// Writes gzip CSV: the required columns, then config.* columns (the keys of the rows in
    /// order of first appearance; a key a row lacks is written empty).
    /// </summary>
    public static void Write(string path, IEnumerable<CheckpointMetrics> rows)
    {
        var list = rows as IReadOnlyList<CheckpointMetrics> ?? rows.ToList();
        var keys = list.SelectMany(r => r.Config.Keys).Distinct().ToArray();
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        using var writer = CsvWriter.Create(gzip, CsvWriterOptions.Default, leaveOpen: false);
        writer.WriteHeader([.. RequiredColumns, .. keys.Select(k => ConfigPrefix + k)]);
        var fields = new string[RequiredColumns.Count + keys.Length];
        foreach (var r in list)
        {
            fields[0] = r.ModelDir;
            fields[1] = r.Step.ToString(CultureInfo.InvariantCulture);
            fields[2] = FormatDouble(r.TestAccuracy);
            fields[3] = FormatDouble(r.TrainAccuracy);
            fields[4] = FormatDouble(r.TestLoss);
            fields[5] = FormatDouble(r.TrainLoss);
            for (var k = 0; k < keys.Length; k++)
                fields[RequiredColumns.Count + k] = r.Config.TryGetValue(keys[k], out var v) ? v : "";
            writer.WriteRecord(fields);
        }
    }

    /// <summary>pandas spellings too: an empty field or "nan" is NaN, "inf"/"-inf" are infinities.</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        var t = text.Trim();
        if (t.Length == 0 || t.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("+inf", StringComparison.OrdinalIgnoreCase)) { value = double.PositiveInfinity; return true; }
        if (t.Equals("-inf", StringComparison.OrdinalIgnoreCase)) { value = double.NegativeInfinity; return true; }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Integers, also as pandas writes them after a float conversion ("20.0").</summary>
    internal static bool TryParseInt(string text, out int value)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        return false;
    }

    private static string FormatDouble(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
