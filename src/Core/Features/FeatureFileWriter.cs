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
        _writer = ParquetWriter.CreateAsync(new ParquetSchema([_model, _epoch, .. _features]), _stream).GetAwaiter().GetResult();
    }

    /// <summary>Appends a row group: <paramref name="features"/> is rows x features, row-major.</summary>
    public void Write(int[] modelIds, int[] epochs, FeatureMatrix features)
    {
        if (features.Columns != _features.Length) throw new ArgumentException($"expected {_features.Length} feature columns, got {features.Columns}");
        using var group = _writer.CreateRowGroup();
        group.WriteAsync<int>(_model, modelIds, null, null, default).GetAwaiter().GetResult();
        group.WriteAsync<int>(_epoch, epochs, null, null, default).GetAwaiter().GetResult();
        var column = new float[features.Rows];
        for (var f = 0; f < _features.Length; f++)
        {
            for (var r = 0; r < features.Rows; r++) column[r] = (float)features[r, f];
            group.WriteAsync<float>(_features[f], column, null, null, default).GetAwaiter().GetResult();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
