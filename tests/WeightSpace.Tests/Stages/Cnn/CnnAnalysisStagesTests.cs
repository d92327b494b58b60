using WeightSpace.Bench;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages.Cnn;

/// <summary>
/// The CNN analysis stages on the smoke profile, on a synthetic zoo in the published format placed
/// where the CNN zoo generator will write: ingest, statistics, Tables 3 and 8, then a no-op re-run.
/// </summary>
[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class CnnAnalysisStagesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ws-cnn-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Tables_3_and_8_fill_every_reference_key_for_the_mnist_zoo_and_then_skip()
    {
        var repo = ProjectPaths.Discover(AppContext.BaseDirectory);
        File.WriteAllText(Path.Combine(_root, "WeightSpace.sln"), "");
        File.Copy(repo.Params, Path.Combine(_root, "params.json"));
        foreach (var folder in new[] { "src", "stages" })
            foreach (var file in Directory.EnumerateFiles(repo.Full(folder), "*", SearchOption.AllDirectories)
                         .Where(f => (f.EndsWith(".cs") || f.EndsWith(".sql")) && !f.Contains("/bin/") && !f.Contains("/obj/")))
            {
                var to = Path.Combine(_root, repo.Relative(file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        const string zoo = "cnn-mnist";
        var paths = new ProjectPaths(_root);
        SyntheticCnnZoo.Write(paths.Full(Artifacts.Zoo(zoo)), models: 40, epochs: 3, seed: 2);

        var (loaded, p) = PipelineParams.Load(paths.Params, "smoke");
        var builder = new StageBuilder(p, "smoke");
        builder.Add<IngestStage>(zoo);
        builder.Add<StatisticsStage>(zoo);
        builder.Add<CnnBaselinesStage>(zoo);
        builder.Add<CnnTable8Stage>(zoo);
        var stages = builder.Stages;
        Assert.Equal(["baselines-cnn-mnist", "table8-cnn-mnist"], stages.Skip(2).Select(e => e.Stage.Name));
        Assert.Equal(["baselines", "cnn_baselines", "run"], stages[2].ParamSections);
        Assert.All(RunAll(paths, stages, loaded), o => Assert.Equal(StageOutcome.Ran, o));

        var rows = stages.Skip(2).SelectMany(e => MetricsTable.Read(paths.Full(Artifacts.MetricsPart(e.Stage.Name)))).ToList();
        Assert.All(rows, r => Assert.Equal("mnist", r.Key.Dataset));
        // The keys the reference (data/reference/thesis-results.csv) uses for Tables 3 and 8.
        (string Table, string Method, string Input, string Config, string Metric)[] expected =
        [
            ("table3", "correlation", "stat:var", "", "spearman"),
            ("table3", "linreg", "stat:p100", "", "r2"),
            ("table3", "linreg", "stats-global", "", "r2"),
            ("table8", "gbm-paper", "weights", "", "r2"),
            ("table8", "gbm-paper", "stats-layer", "", "r2"),
            ("table8", "dnn-paper", "weights", "params~1.5-3.6M", "r2"),
            ("table8", "dnn", "weights", "layers=10;params~1.8M", "r2"),
            ("table8", "gru-attn", "chunks4", "params~2M", "r2"),
            ("table8", "transformer-mlp", "chunks4", "params~2M", "r2"),
            ("table8", "mlplayer-sum", "chunks4", "params~800K", "r2"),
        ];
        foreach (var key in expected)
            Assert.Single(rows, r => (r.Key.Table, r.Key.Method, r.Key.Input, r.Key.Config, r.Key.Metric) == key && r.Split == "test" && double.IsFinite(r.Value));
        Assert.Single(rows, r => r.Key.Table == "table8" && r.Key.Method == "transformer-pos-mlp" && r.Key.Config.StartsWith("shrunk") && r.Key.Metric == "kendall");
        Assert.Equal(2, rows.Count(r => r.Key.Method == "ceiling" && r.Key.Metric == "kendall"));
        // Every R² has its Kendall tau-b beside it.
        Assert.Equal(rows.Count(r => r.Key.Metric == "r2"), rows.Count(r => r.Key.Metric == "kendall" && r.Key.Method != "ceiling"));

        Assert.All(RunAll(paths, stages, loaded), o => Assert.Equal(StageOutcome.Skipped, o));
    }

    private static List<StageOutcome> RunAll(ProjectPaths paths, IReadOnlyList<CatalogEntry> stages, LoadedParams loaded)
    {
        var runner = new StageRunner(paths, stages, loaded.Sections, loaded.Profile, _ => { });
        var outcomes = stages.Select(e => runner.Run(e.Stage)).ToList();
        runner.Flush();
        return outcomes;
    }
}
