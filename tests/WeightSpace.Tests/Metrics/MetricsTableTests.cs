using WeightSpace.Core.Metrics;

namespace WeightSpace.Tests.Metrics;

public sealed class MetricsTableTests
{
    [Fact]
    public void Round_trips_rows_with_their_typed_coordinates()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.parquet");
        try
        {
            MetricRow[] rows =
            [
                new("table2", "tetris-seed", "accuracy", "linreg", "stat:var", "none", "", "r2", 0.74, "test", 3, "baselines"),
                new("datasets", "tetris-images", "images", "generator", "images", "none", "a=1", "count", 65, "all", 0, "tetris-images"),
                new("fig19", "tetris-seed", "reconstruction", "attnae2", "neurongroup", "permutation", "latent=20;noise=input;snr=-2.5;epoch=7", "r2", 0.4, "test", 1, "noise")
                {
                    At = new(Params: "latent=20", Noise: "input", Snr: -2.5, Epoch: 7),
                },
                new("fig16", "tetris-seed", "attention", "attnae2", "neurongroup", "none", "model=high;head=1;query=2;key=3", "attention", 0.1, "test", 1, "maps")
                {
                    At = new(Class: "high", Head: 1, CellRow: 2, CellColumn: 3),
                },
            ];
            MetricsTable.Write(path, rows);
            Assert.Equal(rows, MetricsTable.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Refuses_a_non_finite_value_and_names_the_metric()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.parquet");
        var error = Assert.Throws<InvalidDataException>(() => MetricsTable.Write(path,
            [new("table5", "tetris-seed", "accuracy", "linreg", "weights", "none", "", "r2", double.NaN, "test", 0, "baselines")]));
        Assert.Contains("table5/tetris-seed/accuracy/linreg/weights/r2", error.Message);
        Assert.False(File.Exists(path));
    }
}
