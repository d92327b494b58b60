using WeightSpace.Core.Params;
using WeightSpace.Core.Pipeline;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

public sealed class RepositoryParamsTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);

    [Theory]
    [InlineData(null)]
    [InlineData("smoke")]
    [InlineData("thesis")]
    public void Every_profile_of_the_committed_params_file_validates_and_builds_the_catalog(string? profile)
    {
        var (loaded, parameters) = ParamsFile.Load<PipelineParams>(Repo.Params, profile);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        Assert.Equal(catalog.Count, catalog.Select(s => s.Name).Distinct().Count());
        // Every declared section exists, so each stage's key covers what it reads.
        Assert.All(catalog.SelectMany(s => s.ParamSections), section => Assert.True(loaded.Sections.ContainsKey(section), section));
    }

    [Fact]
    public void Every_input_of_a_stage_is_an_output_of_an_earlier_stage_or_tracked_reference_data()
    {
        var (_, parameters) = ParamsFile.Load<PipelineParams>(Repo.Params, null);
        var produced = new HashSet<string>();
        foreach (var stage in StageCatalog.Create(parameters, ParamsFile.DefaultProfile))
        {
            foreach (var dep in stage.Deps)
                Assert.True(dep == ProjectPaths.Artifacts.Reference || produced.Any(o => dep == o || dep.StartsWith(o + "/", StringComparison.Ordinal)),
                    $"{stage.Name} reads {dep}, which no earlier stage writes");
            produced.UnionWith(stage.Outs);
        }
    }

    [Fact]
    public void Every_code_path_a_stage_declares_exists()
    {
        var (_, parameters) = ParamsFile.Load<PipelineParams>(Repo.Params, null);
        Assert.All(StageCatalog.Create(parameters, ParamsFile.DefaultProfile).SelectMany(s => s.Code.Select(c => (s.Name, c))),
            x => Assert.True(File.Exists(Repo.Full(x.c)) || Directory.Exists(Repo.Full(x.c)), $"{x.Name} declares missing code path {x.c}"));
    }
}
