namespace WeightSpace.Core.Zoo;

/// <summary>
/// What the ingest checks across the rows of metrics.csv.gz as it streams them: steps of 0 or more,
/// no (modeldir, step) twice, the rows in the weights' model-major order, the row count against weights.npy, and the asked-for image set present. Memory is one
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
    private int _lastNumber, _lastStep;
    private long _rows, _matching;

    /// <summary>
    /// Checks the reader's current row against the rows before it. weights.npy holds no model ids:
    /// its rows are paired with these by position, in the published layout's model-major order (a
    /// model's checkpoints together, steps ascending), so rows in any other order (re-sorted by step,
    /// say) would pair weights with another checkpoint's metrics, and are refused.
    /// </summary>
    /// <exception cref="ZooFormatException">names the row: a negative step, a checkpoint that appears twice, or the first row out of order.</exception>
    public void Add(MetricsReader row)
    {
        _rows++;
        var dir = row.ModelDir;
        if (row.Step < 0)
            throw new ZooFormatException($"{name} row {_rows}: modeldir '{dir}' step {row.Step} is negative; a step is a training epoch, 0 or more");
        var sameModel = dir == _lastModel;
        int previousStep = _lastStep, number;
        if (sameModel) number = _lastNumber;
        else
        {
            var known = _models.TryGetValue(dir, out number);
            if (!known) _models[dir] = number = _models.Count;
            if (known && _seen.Contains((long)number << 32 | (uint)row.Step))
                throw Twice(dir, row.Step);
            if (known)
                throw new ZooFormatException($"{name} row {_rows}: modeldir '{dir}' comes back after the rows of other models; "
                    + $"the rows must be in {ZooFolder.WeightsFileName}'s order, each model's checkpoints together (model-major), steps ascending");
        }
        if (!_seen.Add((long)number << 32 | (uint)row.Step)) throw Twice(dir, row.Step);
        if (sameModel && row.Step < previousStep)
            throw new ZooFormatException($"{name} row {_rows}: modeldir '{dir}' step {row.Step} comes after its step {previousStep}; "
                + $"the rows must be in {ZooFolder.WeightsFileName}'s order, each model's checkpoints together (model-major), steps ascending");
        (_lastModel, _lastNumber, _lastStep) = (dir, number, row.Step);
    }

    private ZooFormatException Twice(string dir, int step) =>
        new($"{name} row {_rows}: modeldir '{dir}' step {step} appears twice; each checkpoint must have one row");

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
