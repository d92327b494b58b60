using System.Text.Json.Nodes;
using WeightSpace.Bench;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages.Cnn;

/// <summary>
/// A downloaded Small CNN Zoo folder as the CNN ingest's source. The folder is the stage's declared
/// dependency, so the runner fingerprints every file in it through its stat cache (size, mtime,
/// device and inode): a no-op run reads none of them, a changed file is noticed.
/// </summary>
public sealed class CnnIngestStageTests : IDisposable
{
    private const string Folder = "downloads/small-cnn-zoo/mnist";
    private readonly string _root = Directory.CreateTempSubdirectory("ws-cnn-ingest-").FullName;
    private readonly ProjectPaths _paths;
    private readonly LoadedParams _loaded;
    private readonly CnnIngestStage _stage;

    public CnnIngestStageTests()
    {
        File.WriteAllText(Path.Combine(_root, "WeightSpace.sln"), "");
        _paths = new ProjectPaths(_root);
        File.Copy(ProjectPaths.Discover(AppContext.BaseDirectory).Params, _paths.Params);
        var (loaded, p) = PipelineParams.Load(_paths.Params, "smoke");
        loaded.Sections["cnn_zoo"]!["mnist_source"] = Folder;
        _loaded = loaded;
        _stage = new CnnIngestStage("mnist", p.Get<CnnZooParams>() with { MnistSource = Folder }, p.Get<IngestParams>(), p.Get<SplitParams>(), p.Get<RunSettings>());
        SyntheticZoo.Write(_paths.Full(Folder), rows: 90);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Stands in for the derived code set (no compiled copy of the repository needed).</summary>
    private sealed class FixedCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("stages/Cnn/CnnIngestStage.cs", ContentHash.OfText("1"), 1)];
        public void Save() { }
    }

    /// <summary>A fresh runner, as a new process would start: the stat cache comes from disk.</summary>
    private StageRunner Runner() =>
        new(_paths, [new CatalogEntry(_stage, ["cnn_zoo", "ingest", "split", "run"])], _loaded.Sections, _loaded.Profile, _ => { }, new FixedCode());

    private (StageOutcome Outcome, int FilesHashed) RunOnce()
    {
        var runner = Runner();
        var outcome = runner.Run(_stage);
        runner.Flush();
        return (outcome, runner.FilesHashed);
    }

    [Fact]
    public void The_folder_is_the_stages_dependency_file_by_file()
    {
        Assert.Equal([Folder], _stage.Deps);
        var deps = Runner().Fingerprint(_stage).Deps.Select(d => d.Path).Order(StringComparer.Ordinal);
        Assert.Equal([$"{Folder}/layout.csv", $"{Folder}/metrics.csv.gz", $"{Folder}/weights.npy"], deps);
    }

    [Fact]
    public void A_no_op_run_reads_no_file_of_the_folder_and_a_touched_but_unchanged_file_is_hashed_again_without_a_rerun()
    {
        var (first, hashed) = RunOnce();
        Assert.Equal(StageOutcome.Ran, first);
        Assert.True(hashed >= 3, $"the first run hashes the folder's three files (and the outputs), hashed {hashed}");

        Assert.Equal((StageOutcome.Skipped, 0), RunOnce());

        // A new modification time with the same bytes: re-hashed once, same content, nothing re-runs.
        var weights = _paths.Full($"{Folder}/weights.npy");
        File.SetLastWriteTimeUtc(weights, File.GetLastWriteTimeUtc(weights).AddSeconds(5));
        Assert.Equal((StageOutcome.Skipped, 1), RunOnce());
        Assert.Equal((StageOutcome.Skipped, 0), RunOnce());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_changed_file_is_noticed_even_with_the_old_size_and_time_when_it_is_a_new_file(bool sameSizeAndTime)
    {
        Assert.Equal(StageOutcome.Ran, RunOnce().Outcome);
        var weights = _paths.Full($"{Folder}/weights.npy");
        var ingested = File.ReadAllBytes(_paths.Full(Artifacts.Ingested("cnn-mnist")));

        // A new copy of the file (another inode) with one weight changed, e.g. a fresh download moved into place.
        var time = File.GetLastWriteTimeUtc(weights);
        var copy = weights + ".download";
        File.Copy(weights, copy);
        using (var stream = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 200; // past the 128-byte header: the low byte of one weight
            var b = stream.ReadByte();
            stream.Position = 200;
            stream.WriteByte((byte)(b ^ 1));
        }
        File.SetLastWriteTimeUtc(copy, sameSizeAndTime ? time : time.AddSeconds(5));
        File.Move(copy, weights, overwrite: true);

        var check = Runner().Check(_stage);
        Assert.Equal(StageState.MustRun, check.State);
        Assert.Contains($"input {Folder}/weights.npy changed", check.Reasons);
        Assert.Equal(StageOutcome.Ran, RunOnce().Outcome);
        Assert.NotEqual(ingested, File.ReadAllBytes(_paths.Full(Artifacts.Ingested("cnn-mnist"))));
    }

    [Fact]
    public void A_folder_holding_several_image_sets_gives_the_fashion_ingest_only_its_rows()
    {
        const string mixed = "downloads/small-cnn-zoo/mixed";
        SyntheticZoo.Write(_paths.Full(mixed), rows: 72, datasets: ["mnist", "fashion_mnist"]); // runs alternate: 4 of each
        var (loaded, p) = PipelineParams.Load(_paths.Params, "smoke");
        loaded.Sections["cnn_zoo"]!["fashion_source"] = mixed;
        var zooStage = new CnnZooStage("fashion", p.Get<CnnZooParams>() with { FashionSource = mixed }, p.Get<RunSettings>());
        var stage = new CnnIngestStage("fashion", p.Get<CnnZooParams>() with { FashionSource = mixed }, p.Get<IngestParams>(), p.Get<SplitParams>(), p.Get<RunSettings>());
        var runner = new StageRunner(_paths, [new CatalogEntry(zooStage, ["cnn_zoo", "run"]), new CatalogEntry(stage, ["cnn_zoo", "ingest", "split", "run"])],
            loaded.Sections, loaded.Profile, _ => { }, new FixedCode());

        Assert.Equal(StageOutcome.Ran, runner.Run(zooStage)); // checks the folder's fashion files
        Assert.Equal(StageOutcome.Ran, runner.Run(stage));

        var batches = ZooParquet.ReadBatches(_paths.Full(Artifacts.Ingested("cnn-fashion"))).ToList();
        Assert.Equal(36, batches.Sum(b => b.Rows));
        Assert.All(batches.SelectMany(b => b.Config["dataset"]), d => Assert.Equal("fashion_mnist", d));
    }
}
