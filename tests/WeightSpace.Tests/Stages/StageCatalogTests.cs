using WeightSpace.Pipeline;
using WeightSpace.Core.Training;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

/// <summary>
/// Nothing lists the stages or the params sections by hand: the catalog is every [Stage] class in
/// graph order, and params.json's sections are the [ParamsSection] records. A new stage is its own
/// file (with its params record), its Core experiment, its params.json keys and its test.
/// </summary>
public sealed class StageCatalogTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);
    private static readonly PipelineParams Parameters = PipelineParams.Load(Repo.Params, null).Value;
    private static readonly IReadOnlyList<Type> StageTypes = StageCatalog.StageTypes(typeof(StageCatalog).Assembly);

    [Fact]
    public void Every_stage_class_is_built_and_each_stage_comes_after_the_stages_it_reads_from()
    {
        var catalog = StageCatalog.Create(Parameters);
        Assert.Equal(StageTypes.ToHashSet(), catalog.Select(e => e.Stage.GetType()).ToHashSet());
        var runner = new StageRunner(Repo, catalog, PipelineParams.Load(Repo.Params, null).Loaded.Sections, "default", _ => { });
        for (var i = 0; i < catalog.Count; i++)
            Assert.All(runner.Upstream(catalog[i].Stage), up => Assert.True(catalog.Select(e => e.Stage).ToList().IndexOf(up) < i, $"{catalog[i].Name} before {up.Name}"));
        Assert.Equal("report", catalog[^1].Name);
    }

    [Fact]
    public void A_new_stage_class_joins_the_graph_after_what_it_reads_and_before_the_report_with_no_list_to_edit()
    {
        var catalog = StageCatalog.Create(Parameters, "default", [.. StageTypes, typeof(CountsStage)]);
        var names = catalog.Select(e => e.Name).ToList();
        foreach (var zoo in new[] { "tetris-seed", "cnn-fashion" })
            Assert.True(names.IndexOf($"counts-{zoo}") > names.IndexOf($"statistics-{zoo}"), zoo);
        Assert.Equal(["run"], catalog.Single(e => e.Name == "counts-tetris-seed").ParamSections);
        // The report reads every metrics part, the new one included.
        Assert.Contains(Artifacts.MetricsPart("counts-cnn-fashion"), catalog[^1].Stage.Deps);
    }

    [Fact]
    public void A_stage_with_an_instance_name_but_no_instances_is_an_error_not_a_silent_omission()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StageCatalog.Create(Parameters, "default", [typeof(NoInstancesStage)]));
        Assert.Contains("Instances", e.Message);
    }

    [Fact]
    public void Every_params_section_is_read_by_some_stage_but_the_cache_remote_s_and_the_executor_s_which_no_stage_may_read()
    {
        // Where the cache is shared (docs/remote.md) and where the stages run (docs/cluster.md) must change no stage's key.
        string[] hosts = [PipelineParams.SectionOf(typeof(CacheSettings)), PipelineParams.SectionOf(typeof(SlurmParams))];
        var read = StageCatalog.Create(Parameters).SelectMany(e => e.ParamSections).ToHashSet();
        Assert.All(hosts, host => Assert.DoesNotContain(host, read));
        Assert.All(PipelineParams.Sections.Keys.Except(hosts), section => Assert.Contains(section, read));
    }

    [Fact]
    public void A_training_budget_keeps_its_keys_in_the_section_and_becomes_the_trainer_in_one_place()
    {
        var loaded = PipelineParams.Load(Repo.Params, "smoke").Loaded.Sections;
        foreach (var (section, budget) in new (string, TrainingBudget)[]
                 { ("attention", Parameters.Get<AttentionParams>()), ("cnn_table8", Parameters.Get<CnnTable8Params>()), ("cnn_attention", Parameters.Get<CnnAttentionParams>()) })
        {
            Assert.True(loaded[section]!["epochs"] is not null && loaded[section]!["patience"] is not null, section);
            var trainer = budget.Trainer(seed: 7);
            Assert.Equal(new TrainerConfig(Epochs: budget.Epochs, BatchSize: budget.BatchSize, LearningRate: budget.LearningRate, WeightDecay: budget.WeightDecay,
                WarmupEpochs: Math.Min(budget.WarmupEpochs, budget.Epochs), Patience: budget.Patience, Seed: 7), trainer);
        }
        // The warm-up never outlasts the training (a 1-epoch smoke budget with 2 warm-up epochs).
        Assert.Equal(1, (Parameters.Get<CnnTable8Params>() with { Epochs = 1, WarmupEpochs = 2 }).Trainer(0).WarmupEpochs);
    }

    /// <summary>A stage as a contributor would add it: one class, its instances, what it reads and writes.</summary>
    [Stage(Order = 85)]
    private sealed class CountsStage(string zoo, RunSettings run) : IStage
    {
        public static IEnumerable<string> Instances => StatisticsStage.Instances;
        public string Name => $"counts-{zoo}";
        public string Description => $"seed {run.Seed}";
        public IReadOnlyList<string> Deps => [Artifacts.Statistics(zoo)];
        public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];
        public void Run(StageContext context) { }
    }

    [Stage(Order = 1)]
    private sealed class NoInstancesStage(string zoo) : IStage
    {
        public string Name => zoo;
        public string Description => "";
        public IReadOnlyList<string> Deps => [];
        public IReadOnlyList<string> Outs => [];
        public void Run(StageContext context) { }
    }
}
