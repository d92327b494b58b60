using WeightSpace.Core.Features;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Features;

public sealed class StatisticsFileTests
{
    private static readonly StatisticScope[] Scopes = [StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup];

    /// <summary>Random weights per row, with ties, a -0 (the framework-sort path) and repeated rows.</summary>
    private static void RandomRow(float[] row, int r)
    {
        var random = new Random(r % 37);
        for (var c = 0; c < row.Length; c++) row[c] = (float)Math.Round(random.NextDouble() - 0.5, c % 3 == 0 ? 2 : 6);
        if (r == 5) row[7] = -0f;
    }

    [Fact]
    public void Read_ahead_statistics_of_many_row_groups_equal_the_sequential_statistics_row_for_row()
    {
        using var dir = new TempDir();
        var ingested = Ingested(dir, models: 29, epochs: 7, rowGroupSize: 8, RandomRow); // 203 rows in 26 row groups, the last one short
        var calculator = new WeightStatistics(TinyZoo.Layout, StatisticSet.Default, Scopes);

        var progress = new List<int>();
        var written = StatisticsFile.Write(ingested, calculator, dir.File("statistics.parquet"), progress.Add);

        var batches = ZooParquet.ReadBatches(ingested).ToList();
        var expected = calculator.Compute((ReadOnlySpan<float>)batches.SelectMany(b => b.Weights).ToArray());
        var table = FeatureTable.Read(dir.File("statistics.parquet"));
        Assert.Equal(203, written);
        Assert.Equal(26, progress.Count);
        Assert.Equal(203, progress[^1]);
        Assert.Equal(batches.SelectMany(b => b.ModelIds), table.ModelIds);
        Assert.Equal(batches.SelectMany(b => b.Epochs), table.Epochs);
        Assert.Equal(calculator.FeatureNames, table.Features.Names);
        for (var r = 0; r < expected.Rows; r++)
            for (var f = 0; f < expected.Columns; f++)
                Assert.Equal((float)expected[r, f], table.Features[r, f]);
    }

    [Fact]
    public void Reused_weight_buffers_keep_a_batch_valid_while_the_next_ones_are_read()
    {
        using var dir = new TempDir();
        var ingested = Ingested(dir, models: 5, epochs: 4, rowGroupSize: 3);

        var window = new Queue<(ZooBatch Batch, float[] Copy)>();
        var seen = 0;
        foreach (var batch in ZooParquet.ReadBatches(ingested, reuseBuffers: true, buffers: 3))
        {
            window.Enqueue((batch, batch.WeightMemory.ToArray()));
            if (window.Count > 3) window.Dequeue();
            foreach (var (held, copy) in window) Assert.Equal(copy, held.WeightMemory.ToArray());
            Assert.Equal(window.Count, window.Select(w => w.Batch.Weights).Distinct().Count());
            seen++;
        }
        Assert.Equal(7, seen);
    }

    [Fact]
    public void Reading_ids_and_weights_only_gives_the_same_ids_epochs_and_weights_and_nothing_else()
    {
        using var dir = new TempDir();
        var ingested = Ingested(dir, models: 4, epochs: 3, rowGroupSize: 5);

        var full = ZooParquet.ReadBatches(ingested).ToList();
        var slim = ZooParquet.ReadBatches(ingested, idsAndWeightsOnly: true).ToList();
        Assert.Equal(full.Select(b => b.Rows), slim.Select(b => b.Rows));
        Assert.Equal(full.SelectMany(b => b.ModelIds), slim.SelectMany(b => b.ModelIds));
        Assert.Equal(full.SelectMany(b => b.Epochs), slim.SelectMany(b => b.Epochs));
        Assert.Equal(full.SelectMany(b => b.Weights), slim.SelectMany(b => b.Weights));
        Assert.All(slim, b => Assert.True(b.ModelDirs.Length == 0 && b.TestAccuracy.Length == 0 && b.Config.Count == 0));
    }

    /// <summary>A tiny zoo written and ingested in <paramref name="dir"/>; the path of its Parquet file.</summary>
    private static string Ingested(TempDir dir, int models, int epochs, int rowGroupSize, Action<float[], int>? editRow = null)
    {
        TinyZoo.Write(dir.File("zoo"), models: models, epochs: epochs, editRow: editRow);
        var ingested = dir.File("zoo.parquet");
        ZooIngest.Run(dir.File("zoo"), ingested, rowGroupSize: rowGroupSize);
        return ingested;
    }
}
