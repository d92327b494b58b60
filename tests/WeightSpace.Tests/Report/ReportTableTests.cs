using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

public sealed class ReportTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ws-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Reference = """
        table,dataset,target,method,input,augmentation,config,metric,value,note
        table5,tetris-seed,accuracy,linreg,weights,none,,r2,0.48,
        table5,tetris-hyper,accuracy,linreg,weights,none,,r2,0.23,
        table5,tetris-seed,accuracy,mlp,weights,none,layers=4,r2,0.87,"a note, with a comma"
        """;

    private IReadOnlyList<ReportRow> Query()
    {
        var reference = Path.Combine(_dir, "reference.csv");
        File.WriteAllText(reference, Reference);
        var part = Path.Combine(_dir, "baselines.parquet");
        MetricsTable.Write(part,
        [
            Row("tetris-seed", "r2", 0.5, "test", seed: 0),
            Row("tetris-seed", "r2", 0.6, "test", seed: 1),
            Row("tetris-seed", "r2", 0.9, "validation", seed: 0), // not a reported split
            Row("tetris-seed", "kendall", 0.7, "test", seed: 0),   // beyond the thesis
        ]);
        return ReportQuery.Run(reference, [part], ThesisReport.Catalog);
    }

    private static MetricRow Row(string dataset, string metric, double value, string split, int seed) =>
        new("table5", dataset, "accuracy", "linreg", "weights", "none", "", metric, value, split, seed, "baselines");

    [Fact]
    public void Averages_seeds_of_the_test_split_and_keeps_unmeasured_and_extra_rows()
    {
        var rows = Query();
        Assert.Equal(4, rows.Count);
        var seed = Assert.Single(rows, r => r.Key.Dataset == "tetris-seed" && r.Key.Method == "linreg" && r.Key.Metric == "r2");
        Assert.Equal(0.55, seed.Ours!.Value, 12);
        Assert.Equal(2, seed.Runs);
        Assert.Null(Assert.Single(rows, r => r.Key.Dataset == "tetris-hyper").Ours);
        Assert.Null(Assert.Single(rows, r => r.Key.Metric == "kendall").Thesis);
    }

    [Fact]
    public void Table_9_shows_table_8s_lightgbm_on_layer_statistics_and_dnn_on_weights_beside_attnpred()
    {
        var reference = Path.Combine(_dir, "reference9.csv");
        File.WriteAllText(reference, """
            table,dataset,target,method,input,augmentation,config,metric,value,note
            table8,mnist,accuracy,gbm-paper,stats-layer,none,,r2,0.993,
            table8,mnist,accuracy,dnn-paper,weights,none,params~1.5-3.6M,r2,0.980,
            table9,mnist,accuracy,dnn-paper,weights,none,,r2,0.980,
            table9,mnist,accuracy,gbm-paper,stats-layer,none,,r2,0.993,
            """);
        var part = Path.Combine(_dir, "table8.parquet");
        MetricRow Measured(string method, string input, string config, string metric, double value) =>
            new("table8", "mnist", "accuracy", method, input, "none", config, metric, value, "test", 0, "table8");
        MetricsTable.Write(part,
        [
            Measured("gbm-paper", "stats-layer", "", "r2", 0.85),
            Measured("gbm-paper", "stats-layer", "", "kendall", 0.69),
            Measured("gbm-paper", "weights", "", "r2", 0.65), // not a Table 9 row
            Measured("dnn-paper", "weights", "params~1.5-3.6M", "r2", 0.05),
        ]);
        var table9 = ReportQuery.Run(reference, [part], ThesisReport.Catalog).Where(r => r.Key.Table == "table9").ToList();
        Assert.Equal(0.85, table9.Single(r => r.Key.Method == "gbm-paper" && r.Key.Metric == "r2").Ours);
        Assert.Equal(0.993, table9.Single(r => r.Key.Method == "gbm-paper" && r.Key.Metric == "r2").Thesis);
        Assert.Equal(0.69, table9.Single(r => r.Key.Method == "gbm-paper" && r.Key.Metric == "kendall").Ours);
        Assert.Equal(0.05, table9.Single(r => r.Key.Method == "dnn-paper" && r.Key.Metric == "r2").Ours);
        Assert.DoesNotContain(table9, r => r.Key.Input == "weights" && r.Key.Method == "gbm-paper");
    }

    [Fact]
    public void A_figures_typed_coordinates_come_through_the_join_as_they_went_in()
    {
        var reference = Path.Combine(_dir, "reference.csv");
        File.WriteAllText(reference, Reference);
        var part = Path.Combine(_dir, "noise.parquet");
        var at = new MetricCoordinates(Params: "latent=20", Noise: "bottleneck", Snr: 10, Epoch: 3);
        MetricRow Point(int seed, double value) =>
            new("fig19", "tetris-seed", "reconstruction", "pca", "weights", "none", "latent=20;noise=bottleneck;snr=10;epoch=3", "r2", value, "test", seed, "noise") { At = at };
        MetricsTable.Write(part, [Point(0, 0.2), Point(1, 0.4)]);
        var row = Assert.Single(ReportQuery.Run(reference, [part], ThesisReport.Catalog), r => r.Key.Table == "fig19");
        Assert.Equal(at, row.At);
        Assert.Equal(0.3, row.Ours!.Value, 12);
        Assert.Equal(MetricCoordinates.None, Assert.Single(Query(), r => r.Key.Metric == "kendall").At);
    }

    [Fact]
    public void Unmeasured_svhn_and_cifar10_rows_say_they_need_the_downloaded_zoo_while_mnist_rows_are_not_yet_measured()
    {
        ReportRow Unmeasured(string dataset) => new("table8", dataset, "accuracy", "gbm-paper", "stats-layer", "none", "", "r2", 0.99, null, 0, "");
        var rendered = ReportRenderer.Table("table8", [Unmeasured("mnist"), Unmeasured("svhn"), Unmeasured("cifar10")], digits: 3, ThesisReport.Catalog);
        var lines = rendered.Split('\n');
        Assert.Contains(ReportRenderer.NotYetMeasured, lines.Single(l => l.StartsWith("| mnist")));
        Assert.Contains(ReportRenderer.NeedsDownloadedZoo, lines.Single(l => l.StartsWith("| svhn")));
        Assert.Contains(ReportRenderer.NeedsDownloadedZoo, lines.Single(l => l.StartsWith("| cifar10")));
    }

    [Fact]
    public void Renders_the_table_as_in_the_golden_file()
    {
        var rendered = ReportRenderer.Table("table5", Query(), digits: 3, ThesisReport.Catalog);
        Golden.AssertMatches("Report/golden/table5.md", rendered);
    }

    [Fact]
    public void Renders_model_sizes_in_columns_of_their_own_and_config_labels_without_sizes_as_in_the_golden_file()
    {
        var reference = Path.Combine(_dir, "reference4.csv");
        File.WriteAllText(reference, """
            table,dataset,target,method,input,augmentation,config,metric,value,note
            table4,tetris-seed,reconstruction,pca,weights,none,latent=20,r2,0.352,
            table4,tetris-seed,reconstruction,attnae1,neurongroup,permutation,latent=20;N=1;d=128;params~80k,r2,0.830,
            table4,tetris-seed,reconstruction,attnae2,neurongroup,permutation,latent=20;N=4;d=128;params~100k,r2,0.865,
            """);
        var part = Path.Combine(_dir, "autoencoders.parquet");
        MetricRow Measured(string method, string input, string augmentation, string config, string metric, double value, int seed = 0) =>
            new("table4", "tetris-seed", "reconstruction", method, input, augmentation, config, metric, value, "test", seed, "autoencoders");
        MetricsTable.Write(part,
        [
            Measured("pca", "weights", "none", "latent=20", "r2", 0.619),
            Measured("pca", "weights", "none", "latent=20", "params", 0),
            Measured("attnae1", "neurongroup", "permutation", "latent=20;N=1;d=128;params~80k", "r2", 0.853),
            Measured("attnae1", "neurongroup", "permutation", "latent=20;N=1;d=128;params~80k", "params", 433_700),
            Measured("attnae2", "neurongroup", "permutation", "latent=20;N=4;d=128;params~100k", "r2", 0.80, seed: 0),
            Measured("attnae2", "neurongroup", "permutation", "latent=20;N=4;d=128;params~100k", "r2", 0.86, seed: 1),
            Measured("attnae2", "neurongroup", "permutation", "latent=20;N=4;d=128;params~100k", "params", 849_321),
            Measured("attnae2", "neurongroup", "permutation", "latent=20;N=4;d=128;params~100k", "kendall", 0.7),
            Measured("mlp-ae", "weights", "permutation", "latent=20;layers=10;params~90k", "params", 139_576),
        ]);
        var rows = WeightSpace.Tests.Experiments.SizeNotesTests.Default.Annotate(ReportQuery.Run(reference, [part], ThesisReport.Catalog));
        var rendered = ReportRenderer.Table("table4", rows, digits: 3, ThesisReport.Catalog);
        Golden.AssertMatches("Report/golden/table4.md", rendered);
        Assert.DoesNotContain("params~", rendered);
        Assert.Contains("| 433,700 | ~80k | ours (attention params): 1 encoder + 1 decoder block at d=128", rendered);
        Assert.Contains("| 0 |  |  |", rendered); // PCA: no model size to explain
        Assert.Contains("Table 4: 2 reproduced, 1 partial", rendered);
    }

    [Fact]
    public void Prints_counts_exactly()
    {
        Assert.Equal("1,404", ReportRenderer.Cell(1404, "count", 3));
        Assert.Equal("105,300", ReportRenderer.Cell(105_300, "count", 3));
        Assert.Equal("0.761", ReportRenderer.Cell(0.76123, "max", 3));
        Assert.Equal("1,150", ReportRenderer.Cell(1150, "count", 3));
        Assert.Equal("", ModelSize.Label("params~1.5-3.6M"));
        Assert.Equal("shrunk:d=128;N=2", ModelSize.Label("shrunk:d=128;N=2;params~2M"));
        Assert.Equal("~2M", ModelSize.StatedByThesis("shrunk:d=128;N=2;params~2M"));
        Assert.True(ModelSize.IsShrunk("shrunk:d=128;N=2;params~2M"));
        Assert.Null(ModelSize.StatedByThesis("latent=20"));
    }

    [Fact]
    public void Metrics_summary_is_sorted_and_holds_only_measured_rows()
    {
        var json = ReportRenderer.MetricsJson(Query(), "smoke");
        Assert.Equal("smoke", MetricsDiff.ProfileOf(json));
        var summary = MetricsDiff.Parse(json, "summary");
        Assert.Equal(["table5/tetris-seed/accuracy/linreg/weights/none/-/kendall", "table5/tetris-seed/accuracy/linreg/weights/none/-/r2"], summary.Keys);
        Assert.Equal(0.55, summary["table5/tetris-seed/accuracy/linreg/weights/none/-/r2"]);
    }

    [Fact]
    public void A_file_that_is_not_a_metrics_table_is_named_in_the_error()
    {
        var reference = Path.Combine(_dir, "reference.csv");
        File.WriteAllText(reference, Reference);
        var broken = Path.Combine(_dir, "broken.parquet");
        File.WriteAllText(broken, "not parquet");
        var error = Assert.Throws<InvalidDataException>(() => ReportQuery.Run(reference, [broken], ThesisReport.Catalog));
        Assert.Contains("broken.parquet", error.Message);
    }

    [Theory]
    [InlineData(0.123456, 3, "0.123")]
    [InlineData(5.43e-3, 3, "0.00543")]
    [InlineData(8e-5, 3, "8e-5")]
    [InlineData(-0.274, 2, "-0.27")]
    [InlineData(75000, 3, "75000")]
    [InlineData(6.9388939039072284e-18, 2, "6.9e-18")] // the spread of seeds that agree up to float rounding
    public void Formats_numbers_to_significant_digits(double value, int digits, string expected) =>
        Assert.Equal(expected, ReportRenderer.Format(value, digits));
}
