using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Manifold;

/// <summary>
/// Checkpoints with their 2-D embeddings and what a figure colours them by, as one Parquet file:
/// model_id, epoch, test_accuracy, string label columns (e.g. activation, init) and float value
/// columns (e.g. "weights.x", "weights.y", "global:var"). The report draws figures from it, so
/// restyling a figure never recomputes an embedding.
/// </summary>
public sealed record EmbeddingTable(
    int[] ModelIds,
    int[] Epochs,
    double[] Accuracy,
    IReadOnlyDictionary<string, string[]> Labels,
    IReadOnlyDictionary<string, float[]> Values)
{
    private const string ModelId = "model_id", Epoch = "epoch", TestAccuracy = "test_accuracy", LabelPrefix = "label:";

    public int Rows => ModelIds.Length;

    /// <summary>The embedding called <paramref name="name"/>: its (x, y) columns, or null when absent.</summary>
    public (float[] X, float[] Y)? Embedding(string name) =>
        Values.TryGetValue($"{name}.x", out var x) && Values.TryGetValue($"{name}.y", out var y) ? (x, y) : null;

    public void Write(string path) => WriteAsync(path).GetAwaiter().GetResult();

    private async Task WriteAsync(string path)
    {
        var model = new DataField<int>(ModelId);
        var epoch = new DataField<int>(Epoch);
        var accuracy = new DataField<double>(TestAccuracy);
        var labels = Labels.Keys.Order(StringComparer.Ordinal).Select(k => (Key: k, Field: new DataField<string>(LabelPrefix + k))).ToArray();
        var values = Values.Keys.Order(StringComparer.Ordinal).Select(k => (Key: k, Field: new DataField<float>(k))).ToArray();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([model, epoch, accuracy, .. labels.Select(l => l.Field), .. values.Select(v => v.Field)]), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<int>(model, ModelIds, null);
        await group.WriteAsync<int>(epoch, Epochs, null);
        await group.WriteAsync<double>(accuracy, Accuracy, null);
        foreach (var (key, field) in labels) await group.WriteAsync(field, new ArraySegment<string>(Labels[key]), null);
        foreach (var (key, field) in values) await group.WriteAsync<float>(field, Values[key], null);
    }

    public static EmbeddingTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"embedding file '{path}' not found", path);
        return ReadAsync(path).GetAwaiter().GetResult();
    }

    private static async Task<EmbeddingTable> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        foreach (var required in new[] { ModelId, Epoch, TestAccuracy })
            if (fields.All(f => f.Name != required)) throw new InvalidDataException($"{Path.GetFileName(path)}: column '{required}' is missing");
        if (reader.RowGroupCount != 1) throw new InvalidDataException($"{Path.GetFileName(path)}: expected one row group, found {reader.RowGroupCount}");
        using var group = reader.OpenRowGroupReader(0);
        var rows = checked((int)group.RowCount);
        async Task<T[]> Column<T>(DataField field) where T : struct
        {
            var data = new T[rows];
            await group.ReadAsync<T>(field, data, null, default);
            return data;
        }
        DataField Field(string name) => fields.Single(f => f.Name == name);
        var labels = new Dictionary<string, string[]>();
        var values = new Dictionary<string, float[]>();
        foreach (var field in fields)
        {
            if (field.Name.StartsWith(LabelPrefix, StringComparison.Ordinal))
            {
                var data = new string[rows];
                await group.ReadAsync(field, data, null, default);
                labels[field.Name[LabelPrefix.Length..]] = data;
            }
            else if (field.Name is not (ModelId or Epoch or TestAccuracy))
                values[field.Name] = await Column<float>(field);
        }
        return new EmbeddingTable(await Column<int>(Field(ModelId)), await Column<int>(Field(Epoch)), await Column<double>(Field(TestAccuracy)), labels, values);
    }
}
