using WeightSpace.Core.Metrics;

namespace WeightSpace.Tests.Metrics;

public sealed class MetricsTableTests
{
    [Fact]
    public void Round_trips_rows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.parquet");
        try
        {
            MetricRow[] rows =
            [
                new("table2", "tetris-seed", "accuracy", "linreg", "stat:var", "none", "", "r2", 0.74, "test", 3, "baselines"),
                new("datasets", "tetris-images", "images", "generator", "images", "none", "a=1", "count", 65, "all", 0, "tetris-images"),
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
