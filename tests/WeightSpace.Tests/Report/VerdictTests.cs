using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

/// <summary>verdict.sql on small fixtures: one row per verdict, the tolerance edges, and the zoo-size rule.</summary>
public sealed class VerdictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ws-verdict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Each row's method names the case; thesis values beside the ours written below.
    private const string Reference = """
        table,dataset,target,method,input,augmentation,config,metric,value,note
        table5,tetris-seed,accuracy,at-reproduced-edge,weights,none,,r2,0.80,
        table5,tetris-seed,accuracy,just-partial,weights,none,,r2,0.80,
        table5,tetris-seed,accuracy,at-partial-edge,weights,none,,r2,0.80,
        table5,tetris-seed,accuracy,just-not-reproduced,weights,none,,r2,0.80,
        table5,tetris-seed,accuracy,better,weights,none,,r2,0.50,
        table2,tetris-seed,accuracy,correlation-up,stat:p50,none,,pearson,0.28,
        table2,tetris-seed,accuracy,correlation-off,stat:p50,none,,pearson,0.28,
        table2,tetris-seed,accuracy,mse-within,stat:p50,none,,mse,0.01,
        table2,tetris-seed,accuracy,mse-lower,stat:p50,none,,mse,0.01,
        table2,tetris-seed,accuracy,mse-far,stat:p50,none,,mse,0.01,
        table6,tetris-hyper,init,half-zoo,weights,none,,f1,0.70,
        table6,tetris-hyper,init,no-tolerance,weights,none,,accuracy,0.70,
        table8,mnist,accuracy,small-zoo,weights,none,,r2,0.98,
        table8,mnist,accuracy,unmeasured,weights,none,,r2,0.98,
        table8,svhn,accuracy,small-zoo,weights,none,,r2,0.93,
        """;

    private const string Zoos = """
        dataset,models,checkpoints,source
        tetris-seed,1000,75000,Table 1
        tetris-hyper,1400,105000,Table 1
        mnist,30000,275000,§4.1
        svhn,30000,275000,§4.1
        """;

    private ReportData Load()
    {
        var reference = Path.Combine(_dir, "reference.csv");
        File.WriteAllText(reference, Reference);
        var zoos = Path.Combine(_dir, "zoos.csv");
        File.WriteAllText(zoos, Zoos);
        var part = Path.Combine(_dir, "metrics.parquet");
        MetricRow Ours(string table, string dataset, string target, string method, string input, string metric, double value) =>
            new(table, dataset, target, method, input, "none", "", metric, value, "test", 0, "fixture");
        MetricRow Zoo(string zoo, string target, double value) =>
            new("datasets", zoo, target, "ingest", "weights", "none", "", "count", value, "all", 0, "ingest-" + zoo);
        MetricsTable.Write(part,
        [
            Ours("table5", "tetris-seed", "accuracy", "at-reproduced-edge", "weights", "r2", 0.77),   // |Δ| = 0.03 exactly
            Ours("table5", "tetris-seed", "accuracy", "just-partial", "weights", "r2", 0.769),
            Ours("table5", "tetris-seed", "accuracy", "at-partial-edge", "weights", "r2", 0.70),       // |Δ| = 0.10 exactly
            Ours("table5", "tetris-seed", "accuracy", "just-not-reproduced", "weights", "r2", 0.699),
            Ours("table5", "tetris-seed", "accuracy", "better", "weights", "r2", 0.90),
            Ours("table5", "tetris-seed", "accuracy", "better", "weights", "kendall", 0.6),            // beyond the thesis
            Ours("table2", "tetris-seed", "accuracy", "correlation-up", "stat:p50", "pearson", 0.34), // no better side: partial
            Ours("table2", "tetris-seed", "accuracy", "correlation-off", "stat:p50", "pearson", -0.48),
            Ours("table2", "tetris-seed", "accuracy", "mse-within", "stat:p50", "mse", 0.0125),       // 25% above, the edge
            Ours("table2", "tetris-seed", "accuracy", "mse-lower", "stat:p50", "mse", 0.001),         // lower is better
            Ours("table2", "tetris-seed", "accuracy", "mse-far", "stat:p50", "mse", 0.02),
            Ours("table6", "tetris-hyper", "init", "half-zoo", "weights", "f1", 0.70),
            Ours("table6", "tetris-hyper", "init", "no-tolerance", "weights", "accuracy", 0.70),
            Ours("table8", "mnist", "accuracy", "small-zoo", "weights", "r2", 0.98),                  // equal, but a tiny zoo
            // tetris-seed: the thesis' zoo; tetris-hyper: exactly half of it (still comparable); cnn-mnist: 192 models.
            Zoo("tetris-seed", "models-train", 700), Zoo("tetris-seed", "models-validation", 100), Zoo("tetris-seed", "models-test", 200),
            Zoo("tetris-seed", "ingested-checkpoints", 75000),
            Zoo("tetris-hyper", "models-train", 600), Zoo("tetris-hyper", "models-test", 100), Zoo("tetris-hyper", "ingested-checkpoints", 52500),
            Zoo("cnn-mnist", "models-train", 134), Zoo("cnn-mnist", "models-validation", 19), Zoo("cnn-mnist", "models-test", 39),
            Zoo("cnn-mnist", "ingested-checkpoints", 1152),
        ]);
        return ReportQuery.Load(reference, zoos, [part], ThesisReport.Catalog);
    }

    [Theory]
    [InlineData("at-reproduced-edge", Verdict.Reproduced, "within 0.03")]
    [InlineData("just-partial", Verdict.Partial, "within 0.1")]
    [InlineData("at-partial-edge", Verdict.Partial, "within 0.1")]
    [InlineData("just-not-reproduced", Verdict.NotReproduced, "worse than the thesis by more than 0.1")]
    [InlineData("better", Verdict.Reproduced, "better than the thesis")]
    [InlineData("correlation-up", Verdict.Partial, "within 0.1")]
    [InlineData("correlation-off", Verdict.NotReproduced, "off by more than 0.1")]
    [InlineData("mse-within", Verdict.Reproduced, "within 25%")]
    [InlineData("mse-lower", Verdict.Reproduced, "better than the thesis")]
    [InlineData("mse-far", Verdict.NotReproduced, "worse than the thesis by more than 50%")]
    [InlineData("half-zoo", Verdict.Reproduced, "within 0.03")]
    [InlineData("no-tolerance", Verdict.NotComparable, "no tolerance is stated for accuracy")]
    [InlineData("unmeasured", Verdict.NotMeasured, "not yet measured")]
    public void Each_thesis_row_gets_its_verdict_and_reason(string method, Verdict verdict, string reason)
    {
        var row = Assert.Single(Load().Rows, r => r.Key.Method == method && r.IsThesisRow);
        Assert.Equal((verdict, reason), (row.Verdict, row.Reason));
    }

    [Fact]
    public void A_zoo_far_smaller_than_the_thesis_makes_its_rows_not_comparable_and_names_both_sizes()
    {
        var data = Load();
        var mnist = Assert.Single(data.Rows, r => r.Key.Dataset == "mnist" && r.Key.Method == "small-zoo");
        Assert.Equal(Verdict.NotComparable, mnist.Verdict);
        Assert.Equal("192 models against 30,000; 1,152 checkpoints against 275,000", mnist.Reason);
        var svhn = Assert.Single(data.Rows, r => r.Key.Dataset == "svhn");
        Assert.Equal((Verdict.NotMeasured, "needs the downloaded zoo"), (svhn.Verdict, svhn.Reason));
        var zoo = Assert.Single(data.Zoos, z => z.Dataset == "mnist");
        Assert.Equal(("cnn-mnist", 192.0, 30000.0, 1152.0), (zoo.Zoo, zoo.Models!.Value, zoo.ThesisModels!.Value, zoo.Checkpoints!.Value));
        Assert.Null(Assert.Single(data.Zoos, z => z.Dataset == "tetris-hyper").Differs);   // half the thesis' is still comparable
        Assert.Null(Assert.Single(data.Zoos, z => z.Dataset == "svhn").Zoo);
    }

    [Fact]
    public void Rows_beyond_the_thesis_have_no_verdict_and_are_not_counted()
    {
        var rows = Load().Rows;
        Assert.Null(Assert.Single(rows, r => r.Key.Metric == "kendall").Verdict);
        Assert.Equal("2 reproduced, 2 partial, 1 not reproduced", Verdicts.Count(rows.Where(r => r.Key.Table == "table5")));
        Assert.Equal(15, Verdicts.Counts(rows).Values.Sum());
    }

    [Fact]
    public void Every_metric_of_the_thesis_reference_has_a_tolerance()
    {
        var repo = WeightSpace.Pipeline.ProjectPaths.Discover(AppContext.BaseDirectory);
        var data = ReportQuery.Load(repo.Full("data/reference/thesis-results.csv"), repo.Full("data/reference/thesis-zoos.csv"), [], ThesisReport.Catalog);
        Assert.DoesNotContain(data.Rows, r => r.Reason.StartsWith("no tolerance", StringComparison.Ordinal));
        Assert.All(data.Rows, r => Assert.Equal(Verdict.NotMeasured, r.Verdict));
        Assert.Equal(["cifar10", "fashion", "mnist", "svhn", "tetris-hyper", "tetris-seed"], data.Zoos.Select(z => z.Dataset));
    }

    [Fact]
    public void The_summary_records_each_thesis_rows_verdict_and_the_diff_lists_verdict_changes()
    {
        var rows = Load().Rows;
        var json = ReportRenderer.MetricsJson(rows, "smoke");
        var verdicts = MetricsDiff.ParseVerdicts(json, "summary");
        Assert.Equal(15, verdicts.Count);
        Assert.Equal("not comparable", verdicts["table8/mnist/accuracy/small-zoo/weights/none/-/r2"]);
        Assert.DoesNotContain("table5/tetris-seed/accuracy/better/weights/none/-/kendall", verdicts.Keys);
        Assert.Equal(0.6, MetricsDiff.Parse(json, "summary")["table5/tetris-seed/accuracy/better/weights/none/-/kendall"]);

        var old = new Dictionary<string, string> { ["a"] = "partial", ["b"] = "reproduced", ["gone"] = "not measured" };
        var @new = new Dictionary<string, string> { ["a"] = "reproduced", ["b"] = "reproduced", ["c"] = "not comparable" };
        Assert.Equal([new VerdictChange("a", "partial", "reproduced"), new VerdictChange("c", null, "not comparable"), new VerdictChange("gone", "not measured", null)],
            MetricsDiff.CompareVerdicts(old, @new));
        Assert.Empty(MetricsDiff.ParseVerdicts("""{ "profile": "default", "t/a": 1 }""", "old summary"));   // written before verdicts
    }
}
