using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

public sealed class RepositoryParamsTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);

    [Theory]
    [InlineData(null)]
    [InlineData("smoke")]
    [InlineData("thesis")]
    [InlineData("tetris-v1")]
    public void Every_profile_of_the_committed_params_file_validates_and_builds_the_catalog(string? profile)
    {
        var (loaded, parameters) = PipelineParams.Load(Repo.Params, profile);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        Assert.Equal(catalog.Count, catalog.Select(s => s.Name).Distinct().Count());
        // Every derived section exists, so each stage's key covers what it reads.
        Assert.All(catalog.SelectMany(s => s.ParamSections), section => Assert.True(loaded.Sections.ContainsKey(section), section));
    }

    [Fact]
    public void The_tetris_v1_profile_keeps_the_recipe_used_before_the_recipe_study()
    {
        var t = PipelineParams.Load(Repo.Params, WeightSpace.Bench.RecipeBench.EarlierRecipeProfile).Value.Get<TetrisTraining>();
        Assert.Equal(new TetrisTraining(75, 0.05, "adam", 8, 0.0, 4, 0.2, 1.0, false), t);
    }

    [Fact]
    public void Every_input_of_a_stage_is_an_output_of_an_earlier_stage_or_tracked_source()
    {
        var (_, parameters) = PipelineParams.Load(Repo.Params, null);
        var produced = new HashSet<string>();
        foreach (var stage in StageCatalog.Create(parameters).Select(e => e.Stage))
        {
            foreach (var dep in stage.Deps)
                Assert.True(produced.Any(o => dep == o || dep.StartsWith(o + "/", StringComparison.Ordinal)) || File.Exists(Repo.Full(dep)),
                    $"{stage.Name} reads {dep}, which no earlier stage writes and is not a tracked file");
            produced.UnionWith(stage.Outs);
        }
    }
}
