using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Features;

/// <summary>
/// Per-checkpoint features as Parquet: model_id, epoch, then one float column per feature (named
/// like "global:mean" or "ng3:p25"). Rows follow the ingested zoo's order; written one row group
/// per input batch so a large zoo streams through.
/// </summary>
public sealed class FeatureFileWriter : IAsyncDisposable, IDisposable
{
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField<int> _model = new("model_id"), _epoch = new("epoch");
    private readonly DataField<float>[] _features;

    public FeatureFileWriter(string path, IReadOnlyList<string> featureNames)
    {
        _features = featureNames.Select(n => new DataField<float>(n)).ToArray();
        _stream = File.Create(path);
        _writer = ParquetWriter.CreateAsync(new ParquetSchema([_model, _epoch, .. _features]), _stream, Zoo.ZooParquet.BoundedPoolOptions()).GetAwaiter().GetResult();
    }

    /// <summary>Appends a row group: <paramref name="features"/> is rows x features, row-major.</summary>
    public void Write(int[] modelIds, int[] epochs, FeatureMatrix features)
    {
        if (features.Columns != _features.Length) throw new ArgumentException($"expected {_features.Length} feature columns, got {features.Columns}");
        Write(modelIds, epochs, features.Data, features.Rows);
    }

    /// <summary>Appends a row group of <paramref name="rows"/> rows from a row-major buffer (it may be longer), allocating nothing per call.</summary>
    public void Write(int[] modelIds, int[] epochs, double[] features, int rows)
    {
        var f = _features.Length;
        if ((long)rows * f > features.Length || modelIds.Length < rows || epochs.Length < rows)
            throw new ArgumentException($"{rows} rows of {f} features do not fit the given buffers");
        using var group = _writer.CreateRowGroup();
        group.WriteAsync<int>(_model, modelIds.AsMemory(0, rows), null, null, default).GetAwaiter().GetResult();
        group.WriteAsync<int>(_epoch, epochs.AsMemory(0, rows), null, null, default).GetAwaiter().GetResult();
        if (_column.Length < rows) _column = new float[rows];
        var column = _column.AsMemory(0, rows);
        for (var c = 0; c < f; c++)
        {
            var span = column.Span;
            for (var r = 0; r < rows; r++) span[r] = (float)features[(long)r * f + c];
            group.WriteAsync<float>(_features[c], column, null, null, default).GetAwaiter().GetResult();
        }
    }

    private float[] _column = [];

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
