using WeightSpace.Bench;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Zoo;

/// <summary>A downloaded Small CNN Zoo as a source: its quirks and its image sets (its fingerprint: Stages/CnnIngestStageTests).</summary>
public sealed class ZooSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_the_published_format_with_its_index_column_tuple_shapes_and_non_finite_rows_dropped_and_counted()
    {
        var zoo = _dir.File("mnist");
        SyntheticZoo.Write(zoo, rows: 45, nonFiniteEvery: 7); // rows 6, 13, 20, 27, 34, 41 hold a NaN
        var output = _dir.File("out.parquet");

        var summary = ZooSource.Resolve(zoo, "mnist").Ingest(output);

        Assert.Equal(new IngestSummary(Rows: 39, DroppedNonFinite: 6, Models: 5, Parameters: 4970), summary);
        var batch = Assert.Single(ZooParquet.ReadBatches(output));
        Assert.Equal([0, 1, 2, 3, 20, 40, 80, 86], batch.Epochs[..8]); // step "60.0" of row 6 was dropped; "20.0" reads as 20
        Assert.DoesNotContain("", batch.Config.Keys); // the unnamed index column is not a config column
        Assert.All(batch.Config["dataset"], d => Assert.Equal("mnist", d));
        Assert.Equal(16, LayoutCsv.Read(Path.Combine(zoo, ZooFolder.LayoutFileName)).Layers[1].Kernel.Shape[2]); // "(3, 3, 16, 16)"
    }

    [Fact]
    public void A_folder_of_image_sets_is_resolved_by_config_dataset()
    {
        SyntheticZoo.Write(_dir.File("a"), rows: 9, datasets: ["mnist"]);
        SyntheticZoo.Write(_dir.File("b"), rows: 9, datasets: ["fashion_mnist"]);

        Assert.Equal(_dir.File("b"), ZooSource.Resolve(_dir.Root, "fashion_mnist").Folder.Directory);
        Assert.Equal(_dir.File("a"), ZooSource.Resolve(_dir.Root, "MNIST").Folder.Directory);
        var none = Assert.Throws<ZooFormatException>(() => ZooSource.Resolve(_dir.Root, "cifar10"));
        Assert.Contains("a (mnist), b (fashion_mnist)", none.Message);
        var ambiguous = Assert.Throws<ZooFormatException>(() => ZooSource.Resolve(_dir.Root));
        Assert.Contains("holds 2 zoos (a, b)", ambiguous.Message);
    }

    [Fact]
    public void One_file_of_several_image_sets_keeps_only_the_rows_of_the_asked_one()
    {
        SyntheticZoo.Write(_dir.Root, rows: 36, datasets: ["mnist", "fashion_mnist"]); // runs 0, 2 mnist; 1, 3 fashion
        var output = _dir.File("out.parquet");

        var summary = ZooSource.Resolve(_dir.Root, "fashion_mnist").Ingest(output);

        Assert.Equal(18, summary.Rows);
        Assert.Equal(18, summary.SkippedOtherDatasets);
        var batch = Assert.Single(ZooParquet.ReadBatches(output));
        Assert.Equal(["run_000001", "run_000003"], batch.ModelDirs.Distinct());
        Assert.Equal([0, 1], batch.ModelIds.Distinct());
    }
}
