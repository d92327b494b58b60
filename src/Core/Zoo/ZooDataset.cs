namespace WeightSpace.Core.Zoo;

/// <summary>
/// An ingested zoo in memory with its by-model split: per checkpoint the flat weights, model,
/// epoch, test accuracy and configuration. Tetris-sized zoos (≈100k x 100 floats) fit easily;
/// learners take row subsets of it.
/// </summary>
public sealed class ZooDataset
{
    private ZooDataset(int parameters, float[] weights, int[] modelIds, int[] epochs, double[] accuracy,
        IReadOnlyDictionary<string, string[]> config, ModelSplit split)
    {
        Parameters = parameters;
        Weights = weights;
        ModelIds = modelIds;
        Epochs = epochs;
        Accuracy = accuracy;
        Config = config;
        Split = split;
    }

    public int Parameters { get; }
    public int Rows => ModelIds.Length;
    /// <summary>Rows x Parameters, row-major.</summary>
    public float[] Weights { get; }
    public int[] ModelIds { get; }
    public int[] Epochs { get; }
    public double[] Accuracy { get; }
    /// <summary>Config column (without the config_ prefix, e.g. "activation", "w_init") -> value per row.</summary>
    public IReadOnlyDictionary<string, string[]> Config { get; }
    public ModelSplit Split { get; }

    public static ZooDataset Load(string ingestedParquet, string splitCsv)
    {
        var batches = ZooParquet.ReadBatches(ingestedParquet).ToList();
        if (batches.Count == 0) throw new InvalidDataException($"{ingestedParquet}: the zoo has no checkpoints");
        var config = batches[0].Config.Keys.ToDictionary(k => k, k => batches.SelectMany(b => b.Config[k]).ToArray());
        return new ZooDataset(batches[0].Parameters,
            batches.SelectMany(b => b.Weights).ToArray(),
            batches.SelectMany(b => b.ModelIds).ToArray(),
            batches.SelectMany(b => b.Epochs).ToArray(),
            batches.SelectMany(b => b.TestAccuracy).ToArray(),
            config,
            ModelSplit.Read(splitCsv));
    }

    /// <summary>
    /// The rows of one split part, in file order; <paramref name="epochStride"/> &gt; 1 keeps only
    /// epochs divisible by it (and the last one), a cheaper training set with every model in it.
    /// </summary>
    public int[] RowsOf(SplitPart part, int epochStride = 1)
    {
        if (epochStride <= 1) return Split.RowsOf(ModelIds, part);
        var lastEpoch = Epochs.Length == 0 ? 0 : Epochs.Max();
        return Split.RowsOf(ModelIds, part, r => Epochs[r] % epochStride == 0 || Epochs[r] == lastEpoch);
    }

    /// <summary>The weights of the given rows, row-major.</summary>
    public float[] WeightsOf(IReadOnlyList<int> rows)
    {
        var result = new float[(long)rows.Count * Parameters];
        for (var i = 0; i < rows.Count; i++)
            Weights.AsSpan(rows[i] * Parameters, Parameters).CopyTo(result.AsSpan(i * Parameters, Parameters));
        return result;
    }

    /// <summary>Class index per row of a config column whose values differ across models; null when it is constant or absent.</summary>
    public int[]? Labels(string column, out IReadOnlyList<string> levels)
    {
        levels = [];
        if (!Config.TryGetValue(column, out var values)) return null;
        var distinct = values.Distinct().Order(StringComparer.Ordinal).ToList();
        if (distinct.Count < 2) return null;
        levels = distinct;
        return values.Select(v => distinct.IndexOf(v)).ToArray();
    }
}
