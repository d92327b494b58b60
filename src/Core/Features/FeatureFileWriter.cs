using Parquet;
using Parquet.Schema;
using WeightSpace.Core.Learning;

namespace WeightSpace.Core.Features;

/// <summary>
/// Per-checkpoint features as Parquet: model_id, epoch, then one float column per feature (named
/// like "global:mean" or "ng3:p25"). Rows follow the ingested zoo's order. Batches are gathered
/// into row groups of at least <see cref="RowGroupRows"/> rows (the last one may be shorter): a
/// row group per small input batch (843 rows of a CNN zoo) would give a 200,000-row zoo 237 row
/// groups of 441 column chunks, whose metadata the writer keeps until the footer.
/// </summary>
public sealed class FeatureFileWriter : IAsyncDisposable, IDisposable
{
    /// <summary>A row group is written once this many rows are gathered (as the ingest's default row group, so a zoo ingested with it keeps the same row groups here).</summary>
    public const int RowGroupRows = 10_000;

    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField<int> _model = new("model_id"), _epoch = new("epoch");
    private readonly DataField<float>[] _features;
    // The gathered rows, column by column; grown to the largest row group once, then reused.
    private int[] _modelIds = [], _epochs = [];
    private float[][] _columns;
    private int _rows;
    private bool _disposed;

    public FeatureFileWriter(string path, IReadOnlyList<string> featureNames)
    {
        _features = featureNames.Select(n => new DataField<float>(n)).ToArray();
        _columns = _features.Select(_ => Array.Empty<float>()).ToArray();
        _stream = new Zoo.SynchronousFileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        _writer = ParquetWriter.CreateAsync(new ParquetSchema([_model, _epoch, .. _features]), _stream, Zoo.ZooParquet.BoundedPoolOptions()).GetAwaiter().GetResult();
    }

    /// <summary>Appends rows: <paramref name="features"/> is rows x features, row-major.</summary>
    public void Write(int[] modelIds, int[] epochs, FeatureMatrix features)
    {
        if (features.Columns != _features.Length) throw new ArgumentException($"expected {_features.Length} feature columns, got {features.Columns}");
        Write(modelIds, epochs, features.Data, features.Rows);
    }

    /// <summary>Appends <paramref name="rows"/> rows from a row-major buffer (it may be longer); writes a row group once enough are gathered.</summary>
    public void Write(int[] modelIds, int[] epochs, double[] features, int rows)
    {
        var f = _features.Length;
        if ((long)rows * f > features.Length || modelIds.Length < rows || epochs.Length < rows)
            throw new ArgumentException($"{rows} rows of {f} features do not fit the given buffers");
        var needed = _rows + rows;
        if (_modelIds.Length < needed)
        {
            // Room for a whole row group at once: growing batch by batch reallocated every column per batch.
            var capacity = Math.Max(needed, RowGroupRows + rows);
            Array.Resize(ref _modelIds, capacity);
            Array.Resize(ref _epochs, capacity);
            for (var c = 0; c < f; c++) Array.Resize(ref _columns[c], capacity);
        }
        modelIds.AsSpan(0, rows).CopyTo(_modelIds.AsSpan(_rows));
        epochs.AsSpan(0, rows).CopyTo(_epochs.AsSpan(_rows));
        for (var c = 0; c < f; c++)
        {
            var column = _columns[c].AsSpan(_rows, rows);
            for (var r = 0; r < rows; r++) column[r] = (float)features[(long)r * f + c];
        }
        _rows = needed;
        if (_rows >= RowGroupRows) Flush();
    }

    private void Flush()
    {
        if (_rows == 0) return;
        using var group = _writer.CreateRowGroup();
        group.WriteAsync<int>(_model, _modelIds.AsMemory(0, _rows), null, null, default).GetAwaiter().GetResult();
        group.WriteAsync<int>(_epoch, _epochs.AsMemory(0, _rows), null, null, default).GetAwaiter().GetResult();
        for (var c = 0; c < _features.Length; c++)
            group.WriteAsync<float>(_features[c], _columns[c].AsMemory(0, _rows), null, null, default).GetAwaiter().GetResult();
        _rows = 0;
    }

    /// <summary>Writes the last row group and the footer and closes the file; every writer must call it.</summary>
    public void Complete()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Flush();
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Closes the file; when <see cref="Complete"/> was not called (an exception is on its way
    /// out), deletes the unfinished file and never throws: writing the footer there would fail
    /// again on a full disk and replace the real error.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        IO.UnfinishedFile.Discard(_stream, _stream.Name);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
