using System.IO.Compression;
using System.Text;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class MetricsCsvTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Round_trips_rows_with_config_columns_and_quoting()
    {
        var path = _dir.File("metrics.csv.gz");
        var rows = TinyZoo.Metrics(2, 3);
        MetricsCsv.Write(path, rows);
        var table = MetricsCsv.Read(path);
        Assert.Equal(["activation", "learning_rate", "w_init"], table.ConfigKeys);
        Assert.Equal(rows.Count, table.Rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i] with { Config = null! }, table.Rows[i] with { Config = null! });
            Assert.Equal(rows[i].Config, table.Rows[i].Config);
        }
        Assert.Equal("Glorot, \"normal\"", table.Rows[0].Config["w_init"]);
    }

    [Fact]
    public void Reads_published_column_order_extra_columns_and_pandas_numbers()
    {
        var path = Gzip("metrics.csv.gz", """
            ,config.activation,config.learning_rate,modeldir,step,test_accuracy,test_loss,train_accuracy,train_loss
            0,relu,0.001,a/1,0,0.1,nan,0.2,inf
            1,tanh,0.01,a/2,20.0,0.3,2.5,0.4,
            """);
        var table = MetricsCsv.Read(path);
        Assert.Equal(["activation", "learning_rate"], table.ConfigKeys);
        Assert.True(double.IsNaN(table.Rows[0].TestLoss));
        Assert.Equal(double.PositiveInfinity, table.Rows[0].TrainLoss);
        Assert.Equal(20, table.Rows[1].Step);
        Assert.Equal(0.4, table.Rows[1].TrainAccuracy);
        Assert.Equal("tanh", table.Rows[1].Config["activation"]);
    }

    [Fact]
    public void Names_the_file_and_the_missing_required_column()
    {
        var path = Gzip("metrics.csv.gz", "modeldir,step,test_accuracy,train_accuracy,test_loss\na,0,0.1,0.2,0.3\n");
        var e = Assert.Throws<ZooFormatException>(() => MetricsCsv.Read(path));
        Assert.Equal("metrics.csv.gz: required column 'train_loss' is missing", e.Message);
    }

    [Fact]
    public void Names_the_file_row_and_column_of_an_unparsable_value()
    {
        var path = Gzip("metrics.csv.gz", "modeldir,step,test_accuracy,train_accuracy,test_loss,train_loss\na,0,0.1,0.2,0.3,0.4\na,1,0.1,high,0.3,0.4\n");
        var e = Assert.Throws<ZooFormatException>(() => MetricsCsv.Read(path));
        Assert.Equal("metrics.csv.gz row 2, column 'train_accuracy': 'high' is not a number", e.Message);
    }

    [Fact]
    public void Names_the_file_when_it_is_not_gzip()
    {
        var path = _dir.File("metrics.csv.gz");
        File.WriteAllText(path, "modeldir,step\n");
        var e = Assert.Throws<ZooFormatException>(() => MetricsCsv.Read(path));
        Assert.StartsWith("metrics.csv.gz: not a gzip file", e.Message);
    }

    private string Gzip(string name, string text)
    {
        var path = _dir.File(name);
        using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }
}
