using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// The ingested zoo's Parquet file: one row per checkpoint, columns model_id, modeldir, epoch,
/// test_accuracy, train_accuracy, test_loss, train_loss, config_* (strings) and weights, a
/// list&lt;float&gt; that DuckDB reads as FLOAT[]. Written by <see cref="ZooIngest"/>.
/// </summary>
public static class ZooParquet
{
    public const string ModelId = "model_id";
    public const string ModelDir = "modeldir";
    public const string Epoch = "epoch";
    public const string TestAccuracy = "test_accuracy";
    public const string TrainAccuracy = "train_accuracy";
    public const string TestLoss = "test_loss";
    public const string TrainLoss = "train_loss";
    public const string Weights = "weights";
    public const string ConfigPrefix = "config_";

    /// <summary>
    /// Parquet.Net's defaults plus a bound on the memory its stream pool keeps: unset, the pool
    /// keeps every large buffer a row group ever needed, so the process grew with the zoo (at
    /// 200,000 CNN rows: 440 MB for ingest, 640 MB for statistics, against about 180 and 330 MB at
    /// 50,000). The small pool holds more than one page of a row group's weights (at most
    /// <see cref="ZooIngest.MaxRowGroupValues"/> floats, 16.8 MB with levels): below that, each
    /// page dropped its last blocks and the next allocated them afresh. Pooling changes no byte of any file.
    /// </summary>
    public static ParquetOptions BoundedPoolOptions() => new()
    {
        MaximumLargePoolFreeBytes = 64 << 20,
        MaximumSmallPoolFreeBytes = 32 << 20,
    };

    /// <summary>A reader that does all its I/O on the calling thread (see <see cref="SynchronousFileStream"/>); disposing it closes the file.</summary>
    private static ParquetReader Open(string path)
    {
        var stream = SynchronousFileStream.OpenRead(path);
        try
        {
            return ParquetReader.CreateAsync(stream, BoundedPoolOptions(), leaveStreamOpen: false).GetAwaiter().GetResult();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The fields of a zoo file with the given config keys (without prefix), in column order.</summary>
    internal sealed class Schema
    {
        public Schema(IReadOnlyList<string> configKeys)
        {
            Config = configKeys.Select(k => new DataField<string>(ConfigPrefix + k)).ToArray();
            Parquet = new ParquetSchema([ModelIdField, ModelDirField, EpochField, TestAccuracyField, TrainAccuracyField,
                TestLossField, TrainLossField, .. Config, WeightsList]);
        }

        public DataField<int> ModelIdField { get; } = new(ModelId);
        public DataField<string> ModelDirField { get; } = new(ModelDir);
        public DataField<int> EpochField { get; } = new(Epoch);
        public DataField<double> TestAccuracyField { get; } = new(TestAccuracy);
        public DataField<double> TrainAccuracyField { get; } = new(TrainAccuracy);
        public DataField<double> TestLossField { get; } = new(TestLoss);
        public DataField<double> TrainLossField { get; } = new(TrainLoss);
        public DataField<string>[] Config { get; }
        // The element field carries the values; it is what WriteAllPartsAsync/ReadRawAsync take.
        public DataField<float> WeightElement { get; } = new("element");
        public ListField WeightsList => _list ??= new ListField(Weights, WeightElement);
        public ParquetSchema Parquet { get; }
        private ListField? _list;
    }

    /// <summary>
    /// Streams the file one row group at a time. Each batch owns fresh arrays, so memory is one
    /// row group (plus what the caller keeps); with <paramref name="reuseBuffers"/>, the batches'
    /// weights cycle through <paramref name="buffers"/> buffers, so a batch's weights stay valid
    /// until <paramref name="buffers"/> more batches are read (for callers that do not keep
    /// batches: fresh memory costs about 1 s per GB to touch here; a reader running ahead of its
    /// consumer needs more than one). With <paramref name="idsAndWeightsOnly"/>, only model ids,
    /// epochs and weights are read; the other columns come back empty (the statistics need no more,
    /// and a string per row and config column is most of what reading allocates).
    /// </summary>
    /// <exception cref="ZooFormatException">names the file and the missing or malformed column.</exception>
    public static IEnumerable<ZooBatch> ReadBatches(string path, bool reuseBuffers = false, int buffers = 1, bool idsAndWeightsOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buffers);
        var name = Path.GetFileName(path);
        var reader = Open(path);
        try
        {
            var fields = Fields.Of(reader.Schema, name);
            int[] levels = [], repetition = [];
            var shared = new float[buffers][];
            Array.Fill(shared, []);
            var yielded = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var rows = checked((int)rg.RowCount);
                if (rows == 0) continue;

                var values = rg.GetMetadata(fields.WeightElement)?.MetaData?.NumValues
                    ?? throw new ZooFormatException($"{name}: row group {g} has no metadata for '{Weights}'");
                if (values % rows != 0)
                    throw new ZooFormatException($"{name}: row group {g} holds {values} weights for {rows} rows; rows must all have the same length");
                var p = (int)(values / rows);
                var slot = yielded++ % buffers;
                var weights = reuseBuffers && shared[slot].Length >= values ? shared[slot] : new float[values];
                if (reuseBuffers) shared[slot] = weights;
                // The definition/repetition buffers are scratch: reuse them across row groups.
                if (levels.Length < values) { levels = new int[values]; repetition = new int[values]; }
                rg.ReadRawAsync<float>(fields.WeightElement, weights.AsMemory(0, (int)values), levels.AsMemory(0, (int)values), repetition.AsMemory(0, (int)values), default)
                    .AsTask().GetAwaiter().GetResult();
                // Every value defined, and each row p values long: repetition 0 starts a row, 1 continues it
                // (vectorised span searches: this runs over every weight of the zoo).
                var undefined = levels.AsSpan(0, (int)values).IndexOfAnyExcept(fields.WeightElement.MaxDefinitionLevel);
                if (undefined >= 0)
                    throw new ZooFormatException($"{name}: row group {g}: weight value {undefined} is null");
                for (var r = 0; r < rows; r++)
                {
                    var row = repetition.AsSpan(r * p, p);
                    if (row[0] != 0 || row[1..].IndexOfAnyExcept(1) >= 0)
                        throw new ZooFormatException($"{name}: row group {g}: weights are not {p} values per row (row {r})");
                }

                var config = new Dictionary<string, string[]>(StringComparer.Ordinal);
                if (!idsAndWeightsOnly)
                    foreach (var f in fields.Config) config[f.Name[ConfigPrefix.Length..]] = ReadStrings(rg, f, rows);
                yield return new ZooBatch
                {
                    Rows = rows,
                    Parameters = p,
                    ModelIds = Read<int>(rg, fields.ModelId, rows),
                    ModelDirs = idsAndWeightsOnly ? [] : ReadStrings(rg, fields.ModelDir, rows),
                    Epochs = Read<int>(rg, fields.Epoch, rows),
                    TestAccuracy = idsAndWeightsOnly ? [] : Read<double>(rg, fields.TestAccuracy, rows),
                    TrainAccuracy = idsAndWeightsOnly ? [] : Read<double>(rg, fields.TrainAccuracy, rows),
                    TestLoss = idsAndWeightsOnly ? [] : Read<double>(rg, fields.TestLoss, rows),
                    TrainLoss = idsAndWeightsOnly ? [] : Read<double>(rg, fields.TrainLoss, rows),
                    Config = config,
                    Weights = weights,
                };
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The distinct models (id, modeldir) ordered by id, reading only those two columns.</summary>
    public static IReadOnlyList<(int ModelId, string ModelDir)> ReadModels(string path)
    {
        var name = Path.GetFileName(path);
        var reader = Open(path);
        try
        {
            var fields = Fields.Of(reader.Schema, name);
            var models = new SortedDictionary<int, string>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var rows = checked((int)rg.RowCount);
                var ids = Read<int>(rg, fields.ModelId, rows);
                var dirs = ReadStrings(rg, fields.ModelDir, rows);
                for (var i = 0; i < rows; i++) models.TryAdd(ids[i], dirs[i]);
            }
            return models.Select(kv => (kv.Key, kv.Value)).ToList();
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static T[] Read<T>(ParquetRowGroupReader rg, DataField field, int rows) where T : struct
    {
        var values = new T[rows];
        rg.ReadAsync<T>(field, values, null, default).AsTask().GetAwaiter().GetResult();
        return values;
    }

    private static string[] ReadStrings(ParquetRowGroupReader rg, DataField field, int rows)
    {
        var values = new string[rows];
        rg.ReadAsync(field, values, null, default).AsTask().GetAwaiter().GetResult();
        return values;
    }

    /// <summary>The fields as the file declares them (reading needs the file's own field objects).</summary>
    private sealed record Fields(DataField ModelId, DataField ModelDir, DataField Epoch, DataField TestAccuracy,
        DataField TrainAccuracy, DataField TestLoss, DataField TrainLoss, DataField[] Config, DataField WeightElement)
    {
        public static Fields Of(ParquetSchema schema, string file)
        {
            DataField Top(string column) => schema.Fields.OfType<DataField>().FirstOrDefault(f => f.Name == column)
                ?? throw new ZooFormatException($"{file}: column '{column}' is missing; not a zoo Parquet file");
            var list = schema.Fields.OfType<ListField>().FirstOrDefault(f => f.Name == Weights)
                ?? throw new ZooFormatException($"{file}: list column '{Weights}' is missing; not a zoo Parquet file");
            var element = list.Item as DataField
                ?? throw new ZooFormatException($"{file}: list column '{Weights}' does not hold plain values");
            if (element.ClrType != typeof(float))
                throw new ZooFormatException($"{file}: '{Weights}' holds {element.ClrType.Name}; expected float");
            var config = schema.Fields.OfType<DataField>().Where(f => f.Name.StartsWith(ConfigPrefix, StringComparison.Ordinal)).ToArray();
            return new Fields(Top(ZooParquet.ModelId), Top(ZooParquet.ModelDir), Top(ZooParquet.Epoch),
                Top(ZooParquet.TestAccuracy), Top(ZooParquet.TrainAccuracy), Top(ZooParquet.TestLoss),
                Top(ZooParquet.TrainLoss), config, element);
        }
    }
}
