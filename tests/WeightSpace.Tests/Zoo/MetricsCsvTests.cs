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
    public void A_value_repeated_in_the_next_row_of_a_column_is_the_same_string()
    {
        // The published zoo writes a run's checkpoints one after another: their strings are made once.
        var path = _dir.File("metrics.csv.gz");
        MetricsCsv.Write(path, TinyZoo.Metrics(2, 3));
        var rows = MetricsCsv.Read(path).Rows;
        Assert.Same(rows[0].ModelDir, rows[2].ModelDir);
        Assert.Same(rows[0].Config["w_init"], rows[5].Config["w_init"]);
        Assert.Same(rows[3].Config["activation"], rows[5].Config["activation"]);
        Assert.Equal("tanh", rows[3].Config["activation"]);
        Assert.NotEqual(rows[2].ModelDir, rows[3].ModelDir);
    }

    [Fact]
    public void Numbers_parse_to_the_bits_the_string_parser_gives_whatever_their_spelling()
    {
        // Plain numbers are parsed from the field's bytes; every spelling must give what parsing its text gives.
        string[] spellings = ["0.5", "1e-05", "-0.0", "0", "+1.25", ".5", "5.", "1E+300", "0.1000000000000000055511151231257827",
            " 0.25", "0.75 ", "nan", "NaN", "-nan", "inf", "-inf", "+inf", "Infinity", "-Infinity", "", "4.9406564584124654E-324", "1e400"];
        var text = new StringBuilder("modeldir,step,test_accuracy,train_accuracy,test_loss,train_loss\n");
        for (var i = 0; i < spellings.Length; i++) text.Append($"m,{i},0.5,0.5,\"{spellings[i]}\",{spellings[i]}\n");
        var rows = MetricsCsv.Read(Gzip("metrics.csv.gz", text.ToString())).Rows;
        for (var i = 0; i < spellings.Length; i++)
        {
            Assert.True(MetricsCsv.TryParseDouble(spellings[i], out var expected), spellings[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(rows[i].TestLoss));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(rows[i].TrainLoss));
        }
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
