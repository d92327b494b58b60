using System.Diagnostics;
using System.Text.Json.Nodes;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;
using WeightSpace.Tests.Pipeline;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// Data lost (a stage deleting files it did not write), stale results
/// (inputs not hashed, an in-place edit trusted from the stat cache) and hangs (folder links
/// followed in a loop, unrelated big files hashed, a lock error taken for a held lock). Each
/// refusal ends with exit code 2 and one line naming the file, path or argument; nothing under
/// data/ or reports/ changes and the user's files survive.
/// </summary>
public sealed class LostStaleHungCorpusTests : IDisposable
{
    private static readonly ProjectPaths Repository = ProjectPaths.Discover(AppContext.BaseDirectory);
    private readonly TempRepo _repo = new();
    private readonly List<string> _log = [];

    public void Dispose() => _repo.Dispose();

    private sealed class FixedCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("stages/StageCatalog.cs", ContentHash.OfText("1"), 1)];
        public void Save() { }
    }

    /// <summary>Reads data/input.txt (and a folder, when given), writes a folder of parts; one part is named by the factor.</summary>
    private sealed class PartsStage(string? folder = null) : IStage
    {
        public int Runs;
        public int Factor = 2;
        public string Name => "parts";
        public string Description => "writes parts";
        public IReadOnlyList<string> Deps => folder is null ? ["data/input.txt"] : ["data/input.txt", folder];
        public IReadOnlyList<string> Outs => ["data/out/parts"];

        public void Run(StageContext context)
        {
            Runs++;
            var x = int.Parse(File.ReadAllText(context.Input("data/input.txt")));
            File.WriteAllText(context.Output("data/out/parts/a.txt"), (x * Factor).ToString());
            File.WriteAllText(context.Output($"data/out/parts/f{Factor}.txt"), "part");
        }
    }

    private StageRunner Runner(PartsStage stage, bool verify = false) =>
        new(_repo.Paths, [new CatalogEntry(stage, ["parts"])], new JsonObject { ["parts"] = new JsonObject { ["factor"] = stage.Factor } },
            "default", _log.Add, new FixedCode(), verify: verify);

    /// <summary>Runs <paramref name="body"/> as the runner's verbs run: exit code and stderr lines.</summary>
    private static (int Code, List<string> Lines) Guarded(Action body)
    {
        var error = new StringWriter();
        var code = Program.Guarded(error, () => { body(); return 0; });
        return (code, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static (int Code, List<string> Lines) RunRunner(params string[] args)
    {
        var error = new StringWriter();
        var code = Program.Run(args, error);
        return (code, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static void AssertOneLine((int Code, List<string> Lines) result, params string[] mentions)
    {
        var all = string.Join("\n", result.Lines);
        Assert.True(result.Code == 2, $"exit code {result.Code}, expected 2; stderr:\n{all}");
        Assert.True(result.Lines.Count == 1, $"expected one line, got {result.Lines.Count}:\n{all}");
        Assert.StartsWith("error: ", result.Lines[0]);
        foreach (var m in mentions) Assert.True(result.Lines[0].Contains(m, StringComparison.Ordinal), $"'{m}' is not in: {result.Lines[0]}");
    }

    // ---- class 1: a stage owns only the files it writes -------------------------------------

    [Fact]
    public void A_user_file_dropped_into_an_output_folder_stops_the_restore_and_survives()
    {
        _repo.Write("data/input.txt", "3");
        var stage = new PartsStage();
        Runner(stage).Run(stage);
        var notes = _repo.Write("data/out/parts/notes.txt", "my notes");
        var before = PublishedFiles.Checksums(_repo.Paths);

        var result = Guarded(() => Runner(stage).Run(stage));

        AssertOneLine(result, "data/out/parts/notes.txt", "did not write", "Move them out");
        Assert.Equal("my notes", File.ReadAllText(notes));
        PublishedFiles.AssertUnchanged(_repo.Paths, before);
        Assert.DoesNotContain(_log, l => l.Contains("restored", StringComparison.Ordinal));
    }

    [Fact]
    public void A_user_file_in_an_output_folder_stops_a_rerun_before_it_computes_and_survives()
    {
        _repo.Write("data/input.txt", "3");
        var stage = new PartsStage();
        Runner(stage).Run(stage);
        _repo.Write("data/out/parts/keep.csv", "1,2,3");
        _repo.Write("data/input.txt", "4");
        var before = PublishedFiles.Checksums(_repo.Paths);

        var result = Guarded(() => Runner(stage).Run(stage));

        AssertOneLine(result, "[parts]", "data/out/parts/keep.csv");
        Assert.Equal(1, stage.Runs);
        PublishedFiles.AssertUnchanged(_repo.Paths, before);
    }

    [Fact]
    public void A_user_file_in_an_output_folder_survives_when_the_lock_file_was_lost()
    {
        _repo.Write("data/input.txt", "3");
        var stage = new PartsStage();
        Runner(stage).Run(stage);
        File.Delete(_repo.Paths.LockFile);
        _repo.Write("data/out/parts/sub/notes.md", "mine");
        var before = PublishedFiles.Checksums(_repo.Paths);

        var result = Guarded(() => Runner(stage).Run(stage));

        AssertOneLine(result, "data/out/parts/sub/notes.md");
        PublishedFiles.AssertUnchanged(_repo.Paths, before);
    }

    /// <summary>Not a refusal: a run killed after publishing but before recording the lock left the stage's
    /// own (cached) files under names the lock does not list; the next run replaces them as its own.</summary>
    [Fact]
    public void The_stage_s_own_files_published_before_a_kill_are_still_its_own()
    {
        _repo.Write("data/input.txt", "3");
        var stage = new PartsStage();
        Runner(stage).Run(stage);
        var lockBefore = File.ReadAllText(_repo.Paths.LockFile);
        stage.Factor = 3;
        Runner(stage).Run(stage); // publishes f3.txt
        File.WriteAllText(_repo.Paths.LockFile, lockBefore); // as if killed before the lock was written

        stage.Factor = 4;
        Assert.Equal(StageOutcome.Ran, Runner(stage).Run(stage));
        Assert.Equal(["a.txt", "f4.txt"], Directory.GetFiles(_repo.Paths.Full("data/out/parts")).Select(Path.GetFileName).Order());
    }

    /// <summary>A downloaded zoo kept in data/zoos/cnn-mnist, with the user's notes, while
    /// cnn_zoo.mnist_source named it; the source goes back to "generate", whose output is that folder.</summary>
    [Fact]
    public void A_downloaded_zoo_kept_where_the_generated_zoo_goes_survives_the_source_going_back_to_generate()
    {
        const string folder = "data/zoos/cnn-mnist";
        PublishedZoo.Write(_repo.Paths.Full(folder), "mnist", models: 2, nonFinite: [], seed: 1);
        _repo.Write($"{folder}/NOTES.txt", "downloaded from zenodo");
        var (runner, stage) = ZooStage(folder);
        Assert.Equal(StageOutcome.Ran, runner.Run(stage));
        Directory.CreateDirectory(_repo.Paths.Full("data/images/mnist")); // the generated zoo's input (never read: the stage refuses first)
        var before = PublishedFiles.Checksums(_repo.Paths);

        var (generating, zoo) = ZooStage(CnnZooStage.Generate);
        var result = Guarded(() => generating.Run(zoo));

        AssertOneLine(result, "[zoo-cnn-mnist]", $"{folder}/NOTES.txt", $"{folder}/weights.npy", "params.json");
        PublishedFiles.AssertUnchanged(_repo.Paths, before);
    }

    [Fact]
    public void Clean_keeps_a_downloaded_zoo_kept_where_the_generated_zoo_goes()
    {
        const string folder = "data/zoos/cnn-mnist";
        PublishedZoo.Write(_repo.Paths.Full(folder), "mnist", models: 2, nonFinite: [], seed: 1);
        _repo.Write($"{folder}/NOTES.txt", "downloaded from zenodo");
        var (runner, stage) = ZooStage(folder);
        runner.Run(stage);
        var zoo = PublishedFiles.Checksums(_repo.Paths).Where(f => f.Key.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();
        ZooStage(CnnZooStage.Generate); // params.json: the source back to "generate", whose output is that folder

        var (code, lines) = RunRunner("clean", $"--root={_repo.Root}");

        Assert.True(code == 0, string.Join("\n", lines));
        Assert.Equal(4, zoo.Count);
        Assert.All(zoo, f => Assert.Equal(f.Value, ContentHash.OfFile(_repo.Paths.Full(f.Key))));
        Assert.False(File.Exists(_repo.Paths.Full(Artifacts.MetricsPart(stage.Name))), "clean left the stage's own output");
    }

    [Theory]
    [InlineData("same-path")]
    [InlineData("link-to-the-input")]
    public void Embed_refuses_an_output_that_is_its_input(string how)
    {
        var input = _repo.Paths.Full("data/points.npy");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        using (var writer = NpyWriter.Create(input, 20, 3))
        {
            writer.WriteRows(Enumerable.Range(0, 60).Select(i => (float)i).ToArray());
            writer.Complete();
        }
        var output = input;
        if (how == "link-to-the-input")
        {
            output = _repo.Paths.Full("data/points-link.npy");
            File.CreateSymbolicLink(output, input);
        }
        var before = PublishedFiles.Checksums(_repo.Paths);

        var result = RunRunner("embed", $"--in={input}", $"--out={output}", $"--root={_repo.Root}");

        AssertOneLine(result, "--out", output, "input");
        PublishedFiles.AssertUnchanged(_repo.Paths, before);
    }

    // ---- class 2: every declared input is hashed; --verify trusts no stat ------------------

    [Theory]
    [InlineData("bin")]
    [InlineData("obj")]
    public void A_downloaded_zoo_under_a_bin_or_obj_folder_is_hashed_and_a_replaced_weights_file_is_seen(string folder)
    {
        using var dir = new TempDir();
        var zoo = Path.Combine(dir.Root, folder, "zoo");
        PublishedZoo.Write(zoo, "mnist", models: 2, nonFinite: [], seed: 1);
        var (runner, stage) = ZooStage(zoo);
        Assert.Contains(runner.Fingerprint(stage).Deps, d => d.Path.EndsWith($"/{folder}/zoo/weights.npy", StringComparison.Ordinal));
        runner.Run(stage);
        runner.Flush();

        PublishedZoo.Write(zoo, "mnist", models: 2, nonFinite: [], seed: 2); // other weights, same shape
        var (again, same) = ZooStage(zoo);
        var check = again.Check(same);

        Assert.NotEqual(StageState.UpToDate, check.State);
        Assert.Contains(check.Reasons, r => r.Contains($"/{folder}/zoo/weights.npy changed", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_sees_an_in_place_edit_that_keeps_size_mtime_and_inode()
    {
        var input = _repo.Write("data/input.txt", "3");
        var stage = new PartsStage();
        var first = Runner(stage);
        first.Run(stage);
        first.Flush();
        var mtime = File.GetLastWriteTimeUtc(input);
        using (var same = new FileStream(input, FileMode.Open, FileAccess.Write)) same.Write("4"u8); // in place: same inode and size
        File.SetLastWriteTimeUtc(input, mtime);

        var trusting = Runner(stage);
        Assert.Equal(StageState.UpToDate, trusting.Check(stage).State); // the stat cache's documented trade-off
        Assert.True(trusting.FilesTrusted > 0);
        var verifying = Runner(stage, verify: true);
        var check = verifying.Check(stage);

        Assert.Equal(StageState.MustRun, check.State);
        Assert.Contains("input data/input.txt changed", check.Reasons);
        Assert.Equal(0, verifying.FilesTrusted);
        Assert.Equal(StageOutcome.Ran, verifying.Run(stage));
        Assert.Equal("8", _repo.Read("data/out/parts/a.txt"));
    }

    // ---- class 3: no loops, no unrelated files, no lock error taken for a held lock --------

    [Fact]
    public async Task Two_links_to_dot_in_a_downloaded_zoo_folder_neither_hang_nor_add_files()
    {
        using var dir = new TempDir();
        var zoo = Path.Combine(dir.Root, "zoo");
        PublishedZoo.Write(zoo, "mnist", models: 2, nonFinite: [], seed: 1);
        Directory.CreateSymbolicLink(Path.Combine(zoo, "again"), ".");
        Directory.CreateSymbolicLink(Path.Combine(zoo, "and-again"), zoo);
        var (runner, stage) = ZooStage(zoo);

        var fingerprint = await Task.Run(() => runner.Fingerprint(stage)).WaitAsync(TimeSpan.FromSeconds(30)); // a hang: TimeoutException

        Assert.Equal(["layout.csv", "metrics.csv.gz", "weights.npy"], fingerprint.Deps.Select(d => Path.GetFileName(d.Path)));
    }

    [Fact]
    public void An_unrelated_big_file_beside_a_downloaded_zoo_is_not_hashed()
    {
        using var dir = new TempDir();
        var zoo = Path.Combine(dir.Root, "zoo");
        PublishedZoo.Write(zoo, "mnist", models: 2, nonFinite: [], seed: 1);
        using (var big = File.Create(Path.Combine(zoo, "raw-checkpoints.tar"))) big.SetLength(8L << 30); // sparse: 8 GB read as zeros
        File.WriteAllText(Path.Combine(zoo, "README.txt"), "notes");
        var (runner, stage) = ZooStage(zoo);

        var clock = Stopwatch.StartNew();
        var deps = runner.Fingerprint(stage).Deps;

        Assert.Equal(3, deps.Count);
        Assert.Equal(3, runner.FilesHashed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_folder_link_inside_a_folder_input_is_not_followed_out_of_it_or_in_a_loop()
    {
        using var outside = new TempDir();
        File.WriteAllText(Path.Combine(outside.Root, "elsewhere.txt"), "not an input");
        _repo.Write("data/input.txt", "3");
        _repo.Write("data/in-folder/a.txt", "a");
        Directory.CreateSymbolicLink(_repo.Paths.Full("data/in-folder/out"), outside.Root);
        Directory.CreateSymbolicLink(_repo.Paths.Full("data/in-folder/loop"), ".");
        File.CreateSymbolicLink(_repo.Paths.Full("data/in-folder/linked.txt"), Path.Combine(outside.Root, "elsewhere.txt"));
        var stage = new PartsStage("data/in-folder");

        var fingerprint = await Task.Run(() => Runner(stage).Fingerprint(stage)).WaitAsync(TimeSpan.FromSeconds(30)); // a hang: TimeoutException

        // A link to a file is read (a farm of links is data); a link to a folder never is.
        Assert.Equal(["data/input.txt", "data/in-folder/a.txt", "data/in-folder/linked.txt"], fingerprint.Deps.Select(d => d.Path));
    }

    /// <summary>Errors taking the data-folder lock that are not a held lock: reported at once (not after
    /// --wait=600) with the OS's reason and the path, exit 2, nothing run.</summary>
    [Theory]
    [InlineData("disk-full", "No space left on device")]
    [InlineData("lock-path-is-a-folder", "data/.pipeline.pid")]
    [InlineData("data-is-a-file", "data")]
    public void A_lock_file_error_that_is_not_a_held_lock_is_reported_at_once(string fault, string reason)
    {
        File.Copy(Repository.Params, _repo.Paths.Params);
        switch (fault)
        {
            case "disk-full":
                // Writing the holder beside the lock fails as on a full disk: /dev/full answers ENOSPC.
                Directory.CreateDirectory(_repo.Paths.Data);
                File.CreateSymbolicLink(_repo.Paths.RunMutex + ".holder", "/dev/full");
                break;
            case "lock-path-is-a-folder":
                Directory.CreateDirectory(_repo.Paths.RunMutex);
                break;
            default:
                File.WriteAllText(_repo.Paths.Data, "not a folder");
                break;
        }
        var before = PublishedFiles.Checksums(_repo.Paths);
        var clock = Stopwatch.StartNew();

        var result = RunRunner("run", "tetris-images", "--profile=smoke", "--wait=600", $"--root={_repo.Root}");

        AssertOneLine(result, "cannot take the data-folder lock", reason);
        Assert.DoesNotContain("another WeightSpace run", result.Lines[0]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"reported after {clock.Elapsed}");
        if (fault != "data-is-a-file") PublishedFiles.AssertUnchanged(_repo.Paths, before);
        Assert.False(File.Exists(_repo.Paths.Full(Artifacts.TetrisImages)));
    }

    /// <summary>The CNN zoo stage of MNIST alone (smoke profile), its source set in params.json as a user would.</summary>
    private (StageRunner Runner, IStage Stage) ZooStage(string source)
    {
        var json = JsonNode.Parse(File.ReadAllText(Repository.Params))!;
        json["cnn_zoo"]!["mnist_source"] = source;
        File.WriteAllText(_repo.Paths.Params, json.ToJsonString());
        var (loaded, p) = PipelineParams.Load(_repo.Paths.Params, "smoke");
        var builder = new StageBuilder(p, "smoke");
        builder.Add<CnnZooStage>(ZooNames.Mnist.Name);
        var runner = new StageRunner(_repo.Paths, builder.Stages, loaded.Sections, loaded.Profile, _log.Add, new FixedCode());
        return (runner, builder.Stages[0].Stage);
    }
}
