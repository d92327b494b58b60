using Parquet;
using Parquet.Schema;
using WeightSpace.Core.Learning;

namespace WeightSpace.Core.Features;

/// <summary>A whole feature file in memory (tetris-sized zoos fit easily).</summary>
public sealed record FeatureTable(int[] ModelIds, int[] Epochs, FeatureMatrix Features)
{
    public static FeatureTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"feature file '{path}' not found", path);
        return ReadAsync(path).GetAwaiter().GetResult();
    }

    private static async Task<FeatureTable> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        var model = fields.Single(f => f.Name == "model_id");
        var epoch = fields.Single(f => f.Name == "epoch");
        var features = fields.Where(f => f.Name is not ("model_id" or "epoch")).ToArray();
        var total = 0L;
        for (var g = 0; g < reader.RowGroupCount; g++) { using var group = reader.OpenRowGroupReader(g); total += group.RowCount; }
        var n = checked((int)total);
        var ids = new int[n];
        var epochs = new int[n];
        var data = new double[(long)n * features.Length];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            await group.ReadAsync<int>(model, ids.AsMemory(offset, rows), null, default);
            await group.ReadAsync<int>(epoch, epochs.AsMemory(offset, rows), null, default);
            var column = new float[rows];
            for (var f = 0; f < features.Length; f++)
            {
                await group.ReadAsync<float>(features[f], column, null, default);
                for (var r = 0; r < rows; r++) data[(long)(offset + r) * features.Length + f] = column[r];
            }
            offset += rows;
        }
        return new FeatureTable(ids, epochs, new FeatureMatrix(data, n, features.Length, features.Select(f => f.Name).ToArray()));
    }
}
