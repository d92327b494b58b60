using WeightSpace.Core.Experiments;
using WeightSpace.Core.Manifold;

namespace WeightSpace.Tests.Manifold;

public sealed class EmbeddingTableTests
{
    [Fact]
    public void A_table_reads_back_what_was_written()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ws-embedding-{Guid.NewGuid():N}.parquet");
        try
        {
            var table = new EmbeddingTable([3, 3, 8], [0, 1, 0], [0.25, 0.5, 0.75],
                new Dictionary<string, string[]> { ["activation"] = ["relu", "relu", "tanh"] },
                new Dictionary<string, float[]> { ["weights.x"] = [1f, 2f, 3f], ["weights.y"] = [-1f, 0f, 1f], ["global:var"] = [0.1f, 0.2f, 0.3f] });
            table.Write(path);
            var back = EmbeddingTable.Read(path);
            Assert.Equal(table.ModelIds, back.ModelIds);
            Assert.Equal(table.Epochs, back.Epochs);
            Assert.Equal(table.Accuracy, back.Accuracy);
            Assert.Equal(table.Labels["activation"], back.Labels["activation"]);
            Assert.Equal(table.Values.Keys.Order(), back.Values.Keys.Order());
            Assert.Equal(table.Embedding("weights")!.Value.Y, back.Embedding("weights")!.Value.Y);
            Assert.Null(back.Embedding("statistics"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_subsample_keeps_every_checkpoint_of_the_models_it_picks()
    {
        var models = Enumerable.Range(0, 40).SelectMany(m => Enumerable.Repeat(m, 5)).ToArray(); // 40 models x 5 epochs
        var rows = ZooEmbeddings.SubsampleModels(models, 52, seed: 1);
        Assert.Equal(50, rows.Length);
        Assert.All(rows.GroupBy(r => models[r]), g => Assert.Equal(5, g.Count()));
        Assert.Equal(rows.Order(), rows);
        Assert.NotEqual(rows, ZooEmbeddings.SubsampleModels(models, 52, seed: 2));
        Assert.Equal(200, ZooEmbeddings.SubsampleModels(models, 500, seed: 1).Length);
    }

    [Fact]
    public void A_maps_trustworthiness_is_measured_on_a_seeded_subsample_and_tells_a_faithful_map_from_a_scrambled_one()
    {
        // 3,000 points of a plane embedded in 5-D: the plane itself is a perfect map, a shuffled copy a useless one.
        var random = new Random(3);
        var plane = Enumerable.Range(0, 2 * 3000).Select(_ => (float)random.NextDouble()).ToArray();
        var data = Enumerable.Range(0, 3000).SelectMany(i => new[] { plane[2 * i], plane[2 * i + 1], 0f, 0f, 0f }).ToArray();
        var scrambled = (float[])plane.Clone();
        random.Shuffle(scrambled);

        var faithful = ZooEmbeddings.SampledTrustworthiness(data, 5, plane, 3000, seed: 1);
        var useless = ZooEmbeddings.SampledTrustworthiness(data, 5, scrambled, 3000, seed: 1);
        Assert.Equal((ZooEmbeddings.TrustworthinessSample, ZooEmbeddings.TrustworthinessK), (faithful.Points, faithful.K));
        Assert.True(faithful.Value > 0.999, $"faithful map {faithful.Value:F4}");
        Assert.True(useless.Value < 0.6, $"scrambled map {useless.Value:F4}");
        Assert.Equal(faithful, ZooEmbeddings.SampledTrustworthiness(data, 5, plane, 3000, seed: 1));
        Assert.Equal(20, ZooEmbeddings.SampledTrustworthiness(data[..(5 * 20)], 5, plane[..40], 20, seed: 1).Points);
    }
}
