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
        return ReportQuery.Run(reference, [part]);
    }

    private static MetricRow Row(string dataset, string metric, double value, string split, int seed) =>
        new("table5", dataset, "accuracy", "linreg", "weights", "none", "", metric, value, split, seed, "baselines");

    [Fact]
    public void Averages_seeds_of_the_test_split_and_keeps_unmeasured_and_extra_rows()
    {
        var rows = Query();
        Assert.Equal(4, rows.Count);
        var seed = Assert.Single(rows, r => r.Dataset == "tetris-seed" && r.Method == "linreg" && r.Metric == "r2");
        Assert.Equal(0.55, seed.Ours!.Value, 12);
        Assert.Equal(2, seed.Runs);
        Assert.Null(Assert.Single(rows, r => r.Dataset == "tetris-hyper").Ours);
        Assert.Null(Assert.Single(rows, r => r.Metric == "kendall").Thesis);
    }

    [Fact]
    public void Renders_the_table_as_in_the_golden_file()
    {
        var rendered = ReportRenderer.Table("table5", Query(), digits: 3);
        Golden.AssertMatches("Report/golden/table5.md", rendered);
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
        var error = Assert.Throws<InvalidDataException>(() => ReportQuery.Run(reference, [broken]));
        Assert.Contains("broken.parquet", error.Message);
    }

    [Theory]
    [InlineData(0.123456, 3, "0.123")]
    [InlineData(5.43e-3, 3, "0.00543")]
    [InlineData(8e-5, 3, "8e-5")]
    [InlineData(-0.274, 2, "-0.27")]
    [InlineData(75000, 3, "75000")]
    public void Formats_numbers_to_significant_digits(double value, int digits, string expected) =>
        Assert.Equal(expected, ReportRenderer.Format(value, digits));
}
