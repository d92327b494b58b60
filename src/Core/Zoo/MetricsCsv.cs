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
        var name = Path.GetFileName(path);
        using var gzip = CheckedGzipStream.Open(path);
        using var reader = CsvReader.Create(gzip, CsvReaderOptions.Default with { PoolStrings = true }, leaveOpen: false);
        int[] required;
        (string Key, int Index)[] config;
        try
        {
            // Reading the header first tells "no header at all" from "a header and no rows".
            var headers = reader.Headers;
            if (headers.Count == 0 || headers.All(h => h.Length == 0))
                throw new ZooFormatException($"{name}: empty; expected a header with {string.Join(", ", RequiredColumns)}");
            required = RequiredColumns.Select(c => reader.TryGetFieldIndex(c, out var i) ? i
                : throw new ZooFormatException($"{name}: required column '{c}' is missing")).ToArray();
            // pandas writes its index as a leading unnamed column; it, and any other column, is ignored.
            config = headers.Select((h, i) => (h, i)).Where(x => x.h.StartsWith(ConfigPrefix, StringComparison.Ordinal))
                .Select(x => (x.h[ConfigPrefix.Length..], x.i)).ToArray();
        }
        catch (Exception e) when (Translate(e, name) is { } translated)
        {
            throw translated;
        }
        onHeader?.Invoke(config.Select(c => c.Key).ToArray());
        var rows = 0L;
        while (true)
        {
            CheckpointMetrics row;
            // C# allows no yield inside a try with catch: parse one row inside, yield outside.
            try
            {
                if (!reader.Read()) break;
                row = ParseRow(reader, name, required, config);
            }
            catch (Exception e) when (Translate(e, name) is { } translated)
            {
                throw translated;
            }
            rows++;
            yield return row;
        }
        if (rows == 0) throw new ZooFormatException($"{name}: has a header but no data rows; expected one row per checkpoint");
    }

    /// <summary>Library exceptions of a damaged file, as one message naming the file.</summary>
    private static ZooFormatException? Translate(Exception e, string name) => e switch
    {
        InvalidDataException => new ZooFormatException($"{name}: damaged gzip data ({e.Message})", e),
        CsvFormatException => new ZooFormatException($"{name}: malformed CSV ({e.Message})", e),
        _ => null,
    };

    private static CheckpointMetrics ParseRow(CsvReader reader, string name, int[] required, (string Key, int Index)[] config)
    {
        var row = reader.RowNumber;
        string Field(int index, string column) => index < reader.FieldCount ? reader.GetString(index)
            : throw new ZooFormatException($"{name} row {row}: column '{column}' is missing (the row has {reader.FieldCount} fields)");
        double Number(int k)
        {
            var text = Field(required[k], RequiredColumns[k]);
            return TryParseDouble(text, out var v) ? v
                : throw new ZooFormatException($"{name} row {row}, column '{RequiredColumns[k]}': '{text}' is not a number");
        }

        var modelDir = Field(required[0], "modeldir");
        var stepText = Field(required[1], "step");
        if (!TryParseInt(stepText, out var step))
            throw new ZooFormatException($"{name} row {row}, column 'step': '{stepText}' is not an integer");
        var cfg = new Dictionary<string, string>(config.Length, StringComparer.Ordinal);
        foreach (var (key, index) in config) cfg[key] = Field(index, ConfigPrefix + key);
        // An accuracy is a fraction; NaN is allowed here (pandas' missing value) and judged by the
        // caller, which knows whether the row is kept (the ingest drops rows of non-finite weights).
        double Accuracy(int k)
        {
            var v = Number(k);
            return double.IsNaN(v) || v is >= 0 and <= 1 ? v
                : throw new ZooFormatException($"{name} row {row}, column '{RequiredColumns[k]}': {v.ToString("R", CultureInfo.InvariantCulture)} is not an accuracy in [0, 1]");
        }
        return new CheckpointMetrics(modelDir, step, Accuracy(2), Accuracy(3), Number(4), Number(5), cfg);
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
    private static bool TryParseInt(string text, out int value)
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
