using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class ZooIngestTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _zoo;
    private readonly string _outDir;
    private readonly string _out;

    public ZooIngestTests()
    {
        _zoo = Path.Combine(_dir.Root, "zoo");
        _outDir = Path.Combine(_dir.Root, "out");
        Directory.CreateDirectory(_outDir);
        _out = Path.Combine(_outDir, "zoo.parquet");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Ingests_a_tiny_zoo_and_reads_it_back_equal()
    {
        TinyZoo.Write(_zoo, models: 3, epochs: 4);
        var summary = ZooIngest.Run(_zoo, _out, rowGroupSize: 5);
        Assert.Equal(new IngestSummary(Rows: 12, DroppedNonFinite: 0, Models: 3, Parameters: 100), summary);

        var batches = ZooParquet.ReadBatches(_out).ToList();
        Assert.Equal([5, 5, 2], batches.Select(b => b.Rows));
        var expected = TinyZoo.Metrics(3, 4);
        var row = 0;
        foreach (var b in batches)
        {
            Assert.Equal(100, b.Parameters);
            for (var i = 0; i < b.Rows; i++, row++)
            {
                var m = expected[row];
                Assert.Equal(row / 4, b.ModelIds[i]);
                Assert.Equal(m.ModelDir, b.ModelDirs[i]);
                Assert.Equal(m.Step, b.Epochs[i]);
                Assert.Equal(m.TestAccuracy, b.TestAccuracy[i]);
                Assert.Equal(m.TrainAccuracy, b.TrainAccuracy[i]);
                Assert.Equal(m.TestLoss, b.TestLoss[i]);
                Assert.Equal(m.TrainLoss, b.TrainLoss[i]);
                Assert.Equal(m.Config["activation"], b.Config["activation"][i]);
                Assert.Equal(m.Config["w_init"], b.Config["w_init"][i]);
                Assert.Equal(Enumerable.Range(0, 100).Select(c => TinyZoo.Weight(row, c)), b.WeightsOf(i).ToArray());
            }
        }
        Assert.Equal(12, row);
        Assert.Equal([(0, "run-000"), (1, "run-001"), (2, "run-002")], ZooParquet.ReadModels(_out));
        Assert.Equal(["zoo.parquet"], Directory.GetFiles(_outDir).Select(Path.GetFileName));
    }

    [Fact]
    public void DuckDB_reads_the_weights_column_as_a_float_list_of_the_parameter_count()
    {
        TinyZoo.Write(_zoo, models: 2, epochs: 3);
        ZooIngest.Run(_zoo, _out, rowGroupSize: 4);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT len(weights), typeof(weights), config_activation, weights[3] FROM read_parquet('{_out}') ORDER BY model_id, epoch";
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            Assert.Equal(100L, Convert.ToInt64(reader.GetValue(0)));
            Assert.Equal("FLOAT[]", reader.GetString(1));
            Assert.Equal(rows / 3 % 2 == 0 ? "relu" : "tanh", reader.GetString(2));
            Assert.Equal(TinyZoo.Weight(rows, 2), Convert.ToSingle(reader.GetValue(3)));
            rows++;
        }
        Assert.Equal(6, rows);
    }

    [Fact]
    public void Drops_rows_with_non_finite_weights_and_counts_them()
    {
        TinyZoo.Write(_zoo, editRow: (w, r) => { if (r == 5) w[17] = float.NaN; if (r == 11) w[0] = float.PositiveInfinity; });
        var summary = ZooIngest.Run(_zoo, _out, NonFinitePolicy.Drop, rowGroupSize: 5);
        Assert.Equal(new IngestSummary(10, 2, 3, 100), summary);
        var batches = ZooParquet.ReadBatches(_out).ToList();
        var epochs = batches.SelectMany(b => b.Epochs.Zip(b.ModelIds)).ToList();
        Assert.DoesNotContain((1, 1), epochs); // row 5 = model 1, epoch 1
        Assert.DoesNotContain((3, 2), epochs); // row 11 = model 2, epoch 3
        Assert.All(batches, b => Assert.All(b.Weights, w => Assert.True(float.IsFinite(w))));
    }

    [Fact]
    public void Stops_on_a_non_finite_row_naming_it_and_writes_nothing()
    {
        TinyZoo.Write(_zoo, editRow: (w, r) => { if (r == 5) w[17] = float.NaN; });
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out, NonFinitePolicy.Error, rowGroupSize: 2));
        Assert.StartsWith("weights.npy row 5 ", e.Message);
        Assert.Contains("modeldir 'run-001', step 1", e.Message);
        Assert.Contains("weight 17 is NaN", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Rejects_a_layout_with_a_gap_and_writes_nothing()
    {
        TinyZoo.Write(_zoo);
        File.WriteAllText(Path.Combine(_zoo, ZooFolder.LayoutFileName), """
            varname,start_idx,end_idx,shape
            sequential/dense/kernel:0,0,80,"(16, 5)"
            sequential/dense_1/kernel:0,81,101,"(5, 4)"
            """);
        var e = Assert.Throws<LayoutException>(() => ZooIngest.Run(_zoo, _out));
        Assert.Contains("layout.csv (row 2)", e.Message);
        Assert.Contains("gap", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Rejects_a_layout_that_does_not_cover_the_weight_columns()
    {
        TinyZoo.Write(_zoo, layout: WeightLayout.Fcn([16, 5, 3], biases: false));
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out));
        Assert.Equal("weights.npy has 100 columns but layout.csv covers 95 parameters", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Rejects_metrics_with_a_different_row_count_and_writes_nothing()
    {
        TinyZoo.Write(_zoo, metrics: TinyZoo.Metrics(3, 4).Take(11).ToList());
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out));
        Assert.Contains("metrics.csv.gz has 11 rows but weights.npy has 12", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Rejects_metrics_with_more_rows_than_the_weights_counting_all_of_them_and_writes_nothing()
    {
        // metrics.csv.gz is read once, beside the weights: the rows past the last weights row are counted at the end.
        TinyZoo.Write(_zoo, metrics: TinyZoo.Metrics(3, 5).Take(14).ToList());
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out, rowGroupSize: 5));
        Assert.Equal("metrics.csv.gz has 14 rows but weights.npy has 12; they must match row for row", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Rejects_a_checkpoint_that_appears_twice_after_the_last_weights_row_and_writes_nothing()
    {
        var metrics = TinyZoo.Metrics(3, 4);
        metrics.Add(metrics[0]);
        TinyZoo.Write(_zoo, metrics: metrics);
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out, rowGroupSize: 5));
        Assert.Equal("metrics.csv.gz row 13: modeldir 'run-000' step 0 appears twice; each checkpoint must have one row", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Rejects_metrics_without_a_required_column_and_writes_nothing()
    {
        TinyZoo.Write(_zoo, models: 1, epochs: 2);
        using (var gz = new GZipStream(File.Create(Path.Combine(_zoo, ZooFolder.MetricsFileName)), CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes("modeldir,step,test_accuracy,train_accuracy,train_loss\na,0,1,1,1\na,1,1,1,1\n"));
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out));
        Assert.Equal("metrics.csv.gz: required column 'test_loss' is missing", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Names_the_missing_file_of_an_incomplete_zoo_folder()
    {
        TinyZoo.Write(_zoo);
        File.Delete(Path.Combine(_zoo, ZooFolder.WeightsFileName));
        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out));
        Assert.Contains("has no weights.npy", e.Message);
        AssertNoOutput();
    }

    [Fact]
    public void Leaves_an_earlier_output_untouched_when_a_new_ingest_fails()
    {
        TinyZoo.Write(_zoo);
        ZooIngest.Run(_zoo, _out);
        var before = File.ReadAllBytes(_out);
        TinyZoo.Write(_zoo, editRow: (w, r) => { if (r == 9) w[3] = float.NegativeInfinity; });
        Assert.Throws<ZooFormatException>(() => ZooIngest.Run(_zoo, _out, NonFinitePolicy.Error, rowGroupSize: 4));
        Assert.Equal(before, File.ReadAllBytes(_out));
        Assert.Single(Directory.GetFiles(_outDir));
    }

    private void AssertNoOutput() => Assert.Empty(Directory.GetFiles(_outDir));
}
