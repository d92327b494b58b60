using WeightSpace.Bench;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages.Cnn;

/// <summary>The zoo-size stage on the smoke profile, on a synthetic zoo in the published format, beside Table 8's LightGBM.</summary>
[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class CnnZooSizeStageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ws-zoo-size-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_smoke_law_gives_finite_scores_for_every_method_share_and_seed_and_all_models_match_table_8()
    {
        var repo = ProjectPaths.Discover(AppContext.BaseDirectory);
        File.WriteAllText(Path.Combine(_root, "WeightSpace.sln"), "");
        File.Copy(repo.Params, Path.Combine(_root, "params.json"));
        const string zoo = "cnn-mnist";
        var paths = new ProjectPaths(_root);
        SyntheticCnnZoo.Write(paths.Full(Artifacts.Zoo(zoo)), models: 40, epochs: 3, seed: 2);

        var (loaded, p) = PipelineParams.Load(paths.Params, "smoke");
        var builder = new StageBuilder(p, "smoke");
        builder.Add<IngestStage>(zoo);
        builder.Add<StatisticsStage>(zoo);
        builder.Add<CnnBaselinesStage>(zoo);
        builder.Add<CnnZooSizeStage>(zoo);
        var stages = builder.Stages;
        Assert.Equal(["zoo_size", "cnn_baselines", "baselines", "cnn_table8", "cnn_attention", "run"], stages[3].ParamSections);
        var runner = new StageRunner(paths, stages, loaded.Sections, loaded.Profile, _ => { });
        Assert.All(stages.Select(e => runner.Run(e.Stage)).ToList(), o => Assert.Equal(StageOutcome.Ran, o));
        runner.Flush();

        var rows = MetricsTable.Read(paths.Full(Artifacts.MetricsPart("zoo-size-cnn-mnist")));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Value), $"{r.Key} = {r.Value}"));
        Assert.All(rows, r => Assert.Equal(ZooSize.Table, r.Key.Table));
        var settings = p.Get<ZooSizeParams>();
        foreach (var line in ZooSize.Lines)
        {
            var scores = rows.Where(r => r.Key.Target == line.Target && r.Key.Method == line.Method && r.Key.Metric == line.Metric).ToList();
            Assert.Equal(settings.Fractions.Count * settings.Seeds.Count, scores.Count);
            Assert.Equal(settings.Fractions.Select(ZooSize.FractionConfig).Order(), scores.Select(r => r.Key.Config).Distinct().Order());
            Assert.Equal(settings.Seeds.Order(), scores.Select(r => r.Seed).Distinct().Order());
            Assert.Equal(4, rows.Count(r => r.Key.Target == line.Target && r.Key.Method == line.Method && r.Key.Config == ZooSize.FitConfig));
        }
        // The training models at each share: round(f · N), N the split's training models.
        var trainModels = ModelSplit.Read(paths.Full(Artifacts.Split(zoo))).ModelsIn(SplitPart.Train).Count();
        Assert.Equal(settings.Fractions.Select(f => (int)Math.Round(f * trainModels, MidpointRounding.AwayFromZero)),
            rows.Where(r => r.Key.Method == "gbm-paper" && r.Key.Metric == "models").OrderBy(r => r.Value).Select(r => (int)r.Value));

        // With every training model and the run's seed, LightGBM is Table 8's row.
        var table8 = MetricsTable.Read(paths.Full(Artifacts.MetricsPart("baselines-cnn-mnist")))
            .Single(r => r.Key.Table == "table8" && r.Key.Method == "gbm-paper" && r.Key.Input == "stats-layer" && r.Key.Metric == "r2");
        var all = rows.Single(r => r.Key.Method == "gbm-paper" && r.Key.Config == ZooSize.FractionConfig(1) && r.Key.Metric == "r2" && r.Seed == table8.Seed);
        Assert.Equal(table8.Value, all.Value, 12);
    }
}
