using System.Globalization;
using System.Text;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// A cursor over metrics.csv.gz (format: <see cref="MetricsCsv"/>) that allocates nothing per row
/// for the values a zoo repeats: numbers are parsed from the field's UTF-8 bytes, and a config value
/// or modeldir equal to the same column's previous value is that previous string (the published zoo
/// writes a run's checkpoints one after another, so a run's strings are made once, not per row).
/// The ingest streams a 270,000-row file through this once; <see cref="MetricsCsv.Enumerate"/> is
/// built on it, so both read every quirk alike.
/// </summary>
internal sealed class MetricsReader : IDisposable
{
    private readonly CsvReader _reader;
    private readonly int[] _required;
    private readonly int[] _configIndex;
    /// <summary>Per config column (then modeldir, last): the previous value and its UTF-8 bytes.</summary>
    private readonly string[] _last;
    private readonly byte[][] _lastBytes;
    private readonly int[] _lastLength;
    private readonly string[] _config;
    private long _rows;

    /// <summary>Opens the file and checks its header.</summary>
    /// <exception cref="ZooFormatException">names the file and the missing column, or the damage.</exception>
    public MetricsReader(string path)
    {
        Name = Path.GetFileName(path);
        var gzip = CheckedGzipStream.Open(path);
        try
        {
            _reader = CsvReader.Create(gzip, CsvReaderOptions.Default with { PoolStrings = true }, leaveOpen: false);
        }
        catch
        {
            gzip.Dispose();
            throw;
        }
        try
        {
            // Reading the header first tells "no header at all" from "a header and no rows".
            var headers = _reader.Headers;
            if (headers.Count == 0 || headers.All(h => h.Length == 0))
                throw new ZooFormatException($"{Name}: empty; expected a header with {string.Join(", ", MetricsCsv.RequiredColumns)}");
            _required = MetricsCsv.RequiredColumns.Select(c => _reader.TryGetFieldIndex(c, out var i) ? i
                : throw new ZooFormatException($"{Name}: required column '{c}' is missing")).ToArray();
            // pandas writes its index as a leading unnamed column; it, and any other column, is ignored.
            var config = headers.Select((h, i) => (h, i)).Where(x => x.h.StartsWith(MetricsCsv.ConfigPrefix, StringComparison.Ordinal)).ToArray();
            ConfigKeys = config.Select(x => x.h[MetricsCsv.ConfigPrefix.Length..]).ToArray();
            _configIndex = config.Select(x => x.i).ToArray();
        }
        catch (Exception e)
        {
            _reader.Dispose();
            if (Translate(e, Name) is { } translated) throw translated;
            throw;
        }
        _config = new string[_configIndex.Length];
        _last = new string[_configIndex.Length + 1];
        _lastBytes = Enumerable.Range(0, _last.Length).Select(_ => new byte[64]).ToArray();
        _lastLength = new int[_last.Length];
    }

    /// <summary>The file's name, for messages.</summary>
    public string Name { get; }
    /// <summary>The config keys (without "config.") in column order.</summary>
    public IReadOnlyList<string> ConfigKeys { get; }
    public string ModelDir { get; private set; } = "";
    public int Step { get; private set; }
    public double TestAccuracy { get; private set; }
    public double TrainAccuracy { get; private set; }
    public double TestLoss { get; private set; }
    public double TrainLoss { get; private set; }
    /// <summary>The current row's config values, in <see cref="ConfigKeys"/> order (overwritten by the next read).</summary>
    public IReadOnlyList<string> Config => _config;

    /// <summary>Moves to the next row and parses it; false at the end of the file.</summary>
    /// <exception cref="ZooFormatException">names the file, the row and the column of a bad value; or a file with no data rows.</exception>
    public bool Read()
    {
        try
        {
            if (!_reader.Read())
            {
                if (_rows == 0) throw new ZooFormatException($"{Name}: has a header but no data rows; expected one row per checkpoint");
                return false;
            }
            ParseRow();
        }
        catch (Exception e) when (Translate(e, Name) is { } translated)
        {
            throw translated;
        }
        _rows++;
        return true;
    }

    /// <summary>The current row as a record (a dictionary per row: for callers that keep a few rows).</summary>
    public CheckpointMetrics Current()
    {
        var config = new Dictionary<string, string>(_config.Length, StringComparer.Ordinal);
        for (var k = 0; k < _config.Length; k++) config[ConfigKeys[k]] = _config[k];
        return new CheckpointMetrics(ModelDir, Step, TestAccuracy, TrainAccuracy, TestLoss, TrainLoss, config);
    }

    /// <summary>Library exceptions of a damaged file, as one message naming the file.</summary>
    private static ZooFormatException? Translate(Exception e, string name) => e switch
    {
        InvalidDataException => new ZooFormatException($"{name}: damaged gzip data ({e.Message})", e),
        CsvFormatException => new ZooFormatException($"{name}: malformed CSV ({e.Message})", e),
        _ => null,
    };

    /// <summary>The checks and their order are those of the record reader before it (the first bad field of a row is named).</summary>
    private void ParseRow()
    {
        var modelDir = Text(_required[0], "modeldir", _last.Length - 1);
        Step = ParseStep(_required[1]);
        for (var k = 0; k < _configIndex.Length; k++) _config[k] = Text(_configIndex[k], MetricsCsv.ConfigPrefix + ConfigKeys[k], k);
        ModelDir = modelDir;
        // An accuracy is a fraction; NaN is allowed here (pandas' missing value) and judged by the
        // caller, which knows whether the row is kept (the ingest drops rows of non-finite weights).
        TestAccuracy = Accuracy(2);
        TrainAccuracy = Accuracy(3);
        TestLoss = Number(4);
        TrainLoss = Number(5);
    }

    private long RowNumber => _reader.RowNumber;

    private void RequireField(int index, string column)
    {
        if (index >= _reader.FieldCount)
            throw new ZooFormatException($"{Name} row {RowNumber}: column '{column}' is missing (the row has {_reader.FieldCount} fields)");
    }

    /// <summary>A text field; the same string as the column's previous value when the bytes are the same.</summary>
    private string Text(int index, string column, int slot)
    {
        RequireField(index, column);
        var bytes = _reader.GetSpan(index);
        var last = _last[slot];
        if (last is not null && bytes.SequenceEqual(_lastBytes[slot].AsSpan(0, _lastLength[slot]))) return last;
        var text = _reader.GetString(index);
        if (_lastBytes[slot].Length < bytes.Length) _lastBytes[slot] = new byte[Math.Max(bytes.Length, 2 * _lastBytes[slot].Length)];
        bytes.CopyTo(_lastBytes[slot]);
        _lastLength[slot] = bytes.Length;
        _last[slot] = text;
        return text;
    }

    private double Number(int k)
    {
        var index = _required[k];
        RequireField(index, MetricsCsv.RequiredColumns[k]);
        // Fast path: plain ASCII numbers parse from the bytes exactly as from the string (the same
        // .NET parser); anything else ("inf", "", NaN spellings, odd whitespace) takes the string path.
        var bytes = _reader.GetSpan(index);
        if (double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var fast) && !double.IsNaN(fast) && IsAscii(bytes))
            return fast;
        var text = _reader.GetString(index);
        return MetricsCsv.TryParseDouble(text, out var v) ? v
            : throw new ZooFormatException($"{Name} row {RowNumber}, column '{MetricsCsv.RequiredColumns[k]}': '{text}' is not a number");
    }

    private double Accuracy(int k)
    {
        var v = Number(k);
        return double.IsNaN(v) || v is >= 0 and <= 1 ? v
            : throw new ZooFormatException($"{Name} row {RowNumber}, column '{MetricsCsv.RequiredColumns[k]}': {v.ToString("R", CultureInfo.InvariantCulture)} is not an accuracy in [0, 1]");
    }

    /// <summary>Integers, also as pandas writes them after a float conversion ("20.0").</summary>
    private int ParseStep(int index)
    {
        RequireField(index, "step");
        var bytes = _reader.GetSpan(index);
        if (IsAscii(bytes))
        {
            if (int.TryParse(bytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
            if (double.TryParse(bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
                return (int)d;
        }
        var text = _reader.GetString(index);
        return MetricsCsv.TryParseInt(text, out var value) ? value
            : throw new ZooFormatException($"{Name} row {RowNumber}, column 'step': '{text}' is not an integer");
    }

    private static bool IsAscii(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes);

    public void Dispose() => _reader.Dispose();
}
