namespace WeightSpace.Core.Zoo;

/// <summary>
/// What the ingest checks across the rows of metrics.csv.gz as it streams them: no (modeldir, step)
/// twice, the row count against weights.npy, and the asked-for image set present. Memory is one
/// entry per model and one number per checkpoint, not a row's strings.
/// </summary>
internal sealed class MetricsChecks(string name)
{
    /// <summary>Every modeldir seen, numbered in order of first appearance (a run's rows come together, so lookups mostly hit the last one).</summary>
    private readonly Dictionary<string, int> _models = new(StringComparer.Ordinal);
    /// <summary>(model number, step) of every row, packed into one long.</summary>
    private readonly HashSet<long> _seen = [];
    private readonly SortedSet<string> _datasets = new(StringComparer.Ordinal);
    private string? _lastModel;
    private int _lastNumber;
    private long _rows, _matching;

    /// <summary>Checks the reader's current row against the rows before it.</summary>
    /// <exception cref="ZooFormatException">names the row and the checkpoint that appears twice.</exception>
    public void Add(MetricsReader row)
    {
        _rows++;
        var dir = row.ModelDir;
        if (!ReferenceEquals(dir, _lastModel))
        {
            if (!_models.TryGetValue(dir, out _lastNumber)) _models[dir] = _lastNumber = _models.Count;
            _lastModel = dir;
        }
        if (!_seen.Add((long)_lastNumber << 32 | (uint)row.Step))
            throw new ZooFormatException($"{name} row {_rows}: modeldir '{dir}' step {row.Step} appears twice; each checkpoint must have one row");
    }

    /// <summary>Whether a row's config.dataset is the asked-for image set (ignoring case); remembers a few others for the message.</summary>
    public bool IsDataset(string value, string dataset)
    {
        if (string.Equals(value, dataset, StringComparison.OrdinalIgnoreCase))
        {
            _matching++;
            return true;
        }
        if (_datasets.Count < 20) _datasets.Add(value);
        return false;
    }

    public ZooFormatException RowCountMismatch(long weightRows) =>
        new($"{name} has {_rows} rows but {ZooFolder.WeightsFileName} has {weightRows}; they must match row for row");

    /// <exception cref="ZooFormatException">no row held the asked-for image set.</exception>
    public void RequireDataset(string? dataset)
    {
        if (dataset is not null && _matching == 0)
            throw new ZooFormatException($"{name}: no row has config.dataset '{dataset}'; it holds {string.Join(", ", _datasets)}");
    }
}
