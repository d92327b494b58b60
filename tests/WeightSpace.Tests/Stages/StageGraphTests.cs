using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

/// <summary>The catalog is the only place the graph lives: the README's drawing and the Cake tasks follow from it.</summary>
public sealed class StageGraphTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);

    private static string Drawing()
    {
        var (loaded, parameters) = PipelineParams.Load(Repo.Params, null);
        var catalog = StageCatalog.Create(parameters);
        var runner = new StageRunner(Repo, catalog, loaded.Sections, loaded.Profile, _ => { }, new NoCode());
        return StageGraph.Draw(catalog.Select(e => e.Stage).ToList(), runner.Upstream);
    }

    private sealed class NoCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [];
        public void Save() { }
    }

    private static string Table()
    {
        var (loaded, parameters) = PipelineParams.Load(Repo.Params, null);
        var catalog = StageCatalog.Create(parameters);
        var runner = new StageRunner(Repo, catalog, loaded.Sections, loaded.Profile, _ => { }, new NoCode());
        return GeneratedDocs.StageTable(catalog, runner.Upstream);
    }

    [Fact]
    public void The_README_shows_the_drawing_that_stages_graph_prints()
    {
        var readme = File.ReadAllText(Repo.Full("README.md"));
        Assert.True(GeneratedDocs.Graph.Shown(readme) is not null, "README.md has no block marked <!-- stages --graph -->");
        Assert.Equal(Drawing(), GeneratedDocs.Graph.Shown(readme)); // if not: `stages --docs` writes it
        // Writing the drawing into a README that holds it changes nothing; into a stale one, only the block.
        Assert.Equal(readme, GeneratedDocs.Graph.With(readme, Drawing()));
        var stale = GeneratedDocs.Graph.With(readme, "old\n");
        Assert.Equal(readme, GeneratedDocs.Graph.With(stale, Drawing()));
    }

    [Fact]
    public void The_stage_table_in_docs_is_the_one_the_catalog_generates_with_a_row_per_stage()
    {
        var doc = File.ReadAllText(Repo.Full(GeneratedDocs.Table.File));
        var shown = GeneratedDocs.Table.Shown(doc);
        Assert.True(shown is not null, $"{GeneratedDocs.Table.File} has no generated block");
        Assert.Equal(Table(), shown); // if not: `stages --docs` writes it
        var (_, parameters) = PipelineParams.Load(Repo.Params, null);
        Assert.All(StageCatalog.Create(parameters), e => Assert.Contains($"\n| {e.Name} |", shown));
        // The statistics stage reads its zoo's ingest; the images stages read nothing a stage writes.
        Assert.Contains("| statistics-tetris-seed | ", shown);
        Assert.Matches(@"\| statistics-tetris-seed \| [^|]+ \| ingest-tetris-seed \|", shown);
    }

    [Fact]
    public void Every_stage_appears_in_the_drawing_and_the_upstream_edges_come_from_deps_and_outs()
    {
        var drawing = Drawing();
        var (loaded, parameters) = PipelineParams.Load(Repo.Params, null);
        var catalog = StageCatalog.Create(parameters);
        Assert.All(catalog, e => Assert.Contains(e.Name, drawing));
        var runner = new StageRunner(Repo, catalog, loaded.Sections, loaded.Profile, _ => { }, new NoCode());
        Assert.Equal(["statistics-tetris-seed", "ingest-tetris-seed"], runner.Upstream(runner.Find("baselines-tetris-seed")).Select(s => s.Name).Order().Reverse());
        // The report reads every metrics part, so everything is upstream of it, in catalog order.
        Assert.Equal(catalog.Select(e => e.Name), runner.WithUpstream(runner.Find("report")).Select(s => s.Name));
    }

    [Fact]
    public void The_Cake_scripts_name_no_stage_the_tasks_come_from_the_catalog()
    {
        var (_, parameters) = PipelineParams.Load(Repo.Params, null);
        var cake = string.Concat(Directory.GetFiles(Repo.Full("build"), "*.cake").Append(Repo.Full("build.cake")).Select(File.ReadAllText));
        Assert.All(StageCatalog.Create(parameters), e => Assert.DoesNotContain($"\"{e.Name}\"", cake));
        Assert.Contains("StageList()", cake);
    }
}
