using Parquet;
using WeightSpace.Core.Features;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Features;

public sealed class FeatureFileWriterTests
{
    [Fact]
    public async Task Small_batches_are_gathered_into_large_row_groups_and_read_back_in_order()
    {
        using var dir = new TempDir();
        var path = dir.File("features.parquet");
        string[] names = ["global:mean", "global:p50"];
        const int batch = 3_000, batches = 5; // 15,000 rows: one row group of 12,000, then the last 3,000
        using (var writer = new FeatureFileWriter(path, names))
            for (var b = 0; b < batches; b++)
            {
                var ids = Enumerable.Range(b * batch, batch).ToArray();
                var epochs = ids.Select(i => i % 9).ToArray();
                var features = ids.SelectMany(i => new[] { i + 0.5, -i }).ToArray();
                writer.Write(ids, epochs, features, batch);
                if (b == batches - 1) writer.Complete();
            }

        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            Assert.Equal(2, reader.RowGroupCount);
            using (var first = reader.OpenRowGroupReader(0)) Assert.Equal(4 * batch, first.RowCount);
            using (var last = reader.OpenRowGroupReader(1)) Assert.Equal(batch, last.RowCount);
        }
        var table = FeatureTable.Read(path);
        Assert.Equal(Enumerable.Range(0, batch * batches), table.ModelIds);
        Assert.Equal(table.ModelIds.Select(i => i % 9), table.Epochs);
        Assert.Equal(names, table.Features.Names);
        for (var r = 0; r < batch * batches; r++)
        {
            Assert.Equal((float)(r + 0.5), table.Features[r, 0]);
            Assert.Equal(-r, table.Features[r, 1]);
        }
    }
}
