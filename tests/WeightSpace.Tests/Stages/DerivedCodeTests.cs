using WeightSpace.Core.Learning;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;
using WeightSpace.Tests.Pipeline;

namespace WeightSpace.Tests.Stages;

/// <summary>The real stages' code sets, derived from the built assemblies: the dependencies the hand-kept lists missed are found.</summary>
public sealed class DerivedCodeTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);
    private static readonly IReadOnlyList<CatalogEntry> Catalog = StageCatalog.Create(PipelineParams.Load(Repo.Params, null).Value);
    private static readonly CodeGraph Graph = new(SourceAssemblies.Reached([typeof(StageCatalog).Assembly]).Select(a => a.Location));

    private static HashSet<string> FilesOf(string stage)
    {
        var type = Catalog.Single(e => e.Name == stage).Stage.GetType().FullName!;
        return Graph.Reach(type, name => name == "get_Description").Select(m => m.File).ToHashSet();
    }

    [Theory]
    [InlineData("zoo-tetris-seed")]
    [InlineData("zoo-tetris-hyper")]
    public void The_zoo_stages_reach_the_features_code_through_the_percentile_TetrisZoo_calls(string stage)
    {
        var files = FilesOf(stage);
        Assert.Contains("src/Core/Tetris/TetrisZoo.cs", files);
        Assert.Contains("src/Core/Features/WeightStatistics.cs", files);
    }

    [Fact]
    public void The_probe_stage_reaches_FeatureMatrix_through_the_ridge_probe_and_the_autoencoder_stage_does_not()
    {
        var files = FilesOf("probes-tetris-seed");
        Assert.Contains("src/Core/Learning/RidgeRegression.cs", files);
        Assert.Contains("src/Core/Learning/FeatureMatrix.cs", files);
        Assert.Contains("src/Core/Models/AttnEnc2.cs", files); // the saved AttnAE II it loads
        Assert.DoesNotContain("src/Core/Learning/RidgeRegression.cs", FilesOf("autoencoders-tetris-seed"));
    }

    [Fact]
    public void Every_stage_that_writes_a_metrics_part_reaches_the_metrics_code()
    {
        var writers = Catalog.Where(e => e.Stage.Outs.Any(o => o.StartsWith(Artifacts.MetricsDir + "/", StringComparison.Ordinal))).ToList();
        Assert.True(writers.Count >= 10, $"{writers.Count} stages write metrics");
        Assert.All(writers, e => Assert.Contains("src/Core/Metrics/MetricsTable.cs", FilesOf(e.Name)));
    }

    [Fact]
    public void The_report_reaches_each_tables_declaration_and_the_stages_measuring_them_do_not_reach_the_renderers()
    {
        var report = FilesOf("report");
        Assert.Contains("src/Core/Experiments/Table9.cs", report);        // its borrowed rows and caption
        Assert.Contains("src/Core/Report/FigureRenderer.cs", report);
        Assert.DoesNotContain("src/Core/Report/FigureRenderer.cs", FilesOf("autoencoders-tetris-seed"));
        Assert.DoesNotContain("src/Core/Report/ReportFigure.cs", FilesOf("autoencoders-tetris-seed"));
    }

    [Fact]
    public void A_stage_does_not_reach_code_it_cannot_execute()
    {
        var images = FilesOf("tetris-images");
        Assert.DoesNotContain(images, f => f.StartsWith("src/Core/Report/", StringComparison.Ordinal) || f.StartsWith("src/Core/Models/", StringComparison.Ordinal));
        Assert.DoesNotContain(FilesOf("report"), f => f.StartsWith("src/Core/Tetris/", StringComparison.Ordinal));
        Assert.DoesNotContain("stages/Report/ReportStage.cs", FilesOf("statistics-tetris-seed"));
    }

    [Fact]
    public void Every_reached_member_maps_to_a_source_file_of_the_repository_or_a_compiler_generated_type()
    {
        foreach (var e in Catalog)
            Assert.All(FilesOf(e.Name), f => Assert.True(File.Exists(Repo.Full(f)) || f.StartsWith('('), $"{e.Name}: {f}"));
    }

    [Fact]
    public void The_walked_assemblies_are_the_stages_and_every_library_of_ours_they_reference_never_a_package()
    {
        var names = SourceAssemblies.Reached([typeof(StageCatalog).Assembly]).Select(a => a.GetName().Name).ToList();
        Assert.Equal(["WeightSpace.Core", "WeightSpace.Pipeline", "WeightSpace.Stages"], names);
    }

    [Fact]
    public void A_stage_code_set_from_the_runner_includes_the_science_library_files_under_src_Core()
    {
        // The engine names no library: were Core not found through the stages' references, every
        // stage's key would silently stop covering the science code (stale caches after a Core edit).
        var temp = new TempRepo();
        try
        {
            var stage = Catalog.Single(e => e.Name == "statistics-tetris-seed").Stage;
            var files = DerivedCode.For(temp.Paths, [stage]).Files(stage).Select(f => f.Path).ToList();
            Assert.Contains("src/Core/Features/StatisticsFile.cs", files);
            Assert.Contains(files, f => f.StartsWith("stages/", StringComparison.Ordinal));
        }
        finally
        {
            temp.Dispose();
        }
    }

    [Fact]
    public void The_build_files_are_the_walked_projects_and_what_the_root_build_files_import()
    {
        var code = DerivedCode.For(Repo, Catalog.Select(e => e.Stage));
        Assert.Equal(
            ["Directory.Build.props", "Directory.Build.targets", "build/TorchSharpNativeFix.targets",
             "src/Core/WeightSpace.Core.csproj", "src/Pipeline/WeightSpace.Pipeline.csproj", "stages/WeightSpace.Stages.csproj"],
            code.BuildFiles);
    }

    [Fact]
    public void The_runner_caches_derived_sets_by_build_and_gives_the_same_answer()
    {
        var temp = new TempRepo();
        try
        {
            var stage = Catalog.Single(e => e.Name == "report").Stage;
            var first = DerivedCode.For(temp.Paths, [stage]);
            var files = first.Files(stage);
            first.Save();
            Assert.Single(Directory.GetFiles(Path.Combine(temp.Paths.Cache, "code")));
            Assert.Equal(files, DerivedCode.For(temp.Paths, [stage]).Files(stage));
        }
        finally
        {
            temp.Dispose();
        }
    }
}
