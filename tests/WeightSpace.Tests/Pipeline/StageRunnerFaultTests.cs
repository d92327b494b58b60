using System.Text.Json.Nodes;
using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

/// <summary>Damaged cache objects, leftovers of killed runs, and stop requests.</summary>
public sealed class StageRunnerFaultTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly List<string> _log = [];
    private readonly CopyStage _stage = new();

    public StageRunnerFaultTests() => _repo.Write("data/input.txt", "hello");

    public void Dispose() => _repo.Dispose();

    /// <summary>Copies its input; optionally asks for a stop while it runs, as a signal would.</summary>
    private sealed class CopyStage : IStage
    {
        public int Runs;
        public StopRequest? StopWhileRunning;
        public string Name => "copy";
        public string Description => "copies the input";
        public IReadOnlyList<string> Deps => ["data/input.txt"];
        public IReadOnlyList<string> Outs => ["data/out.txt"];

        public void Run(StageContext context)
        {
            Runs++;
            File.WriteAllText(context.Output("data/out.txt"), File.ReadAllText(context.Input("data/input.txt")));
            StopWhileRunning?.Request("SIGTERM", 143, TimeSpan.FromHours(1), () => { }, _ => { });
            context.Cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>No code at all: these tests change data, never code.</summary>
    private sealed class NoCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [];
        public void Save() { }
    }

    private StageOutcome RunOnce(StopRequest? stop = null)
    {
        var runner = new StageRunner(_repo.Paths, [new CatalogEntry(_stage, [])], new JsonObject(), "default", _log.Add, new NoCode(), stop);
        var outcome = runner.Run(_stage);
        runner.Flush();
        return outcome;
    }

    private string OnlyObject() => Assert.Single(Directory.EnumerateFiles(_repo.Paths.Objects, "*", SearchOption.AllDirectories));

    [Fact]
    public void A_damaged_object_of_the_same_length_is_detected_deleted_and_stored_again_when_recomputed()
    {
        RunOnce();
        var obj = OnlyObject();
        File.WriteAllText(obj, "jello"); // same length: the old check (length only) kept it
        Assert.Single(CacheCheck.Run(_repo.Paths).Problems);

        _repo.Write("data/out.txt", "tampered"); // forces a restore, which must refuse the object
        Assert.Equal(StageOutcome.Ran, RunOnce());
        Assert.Contains(_log, l => l.Contains("is damaged"));
        Assert.Equal("hello", File.ReadAllText(OnlyObject()));
        var check = CacheCheck.Run(_repo.Paths);
        Assert.Empty(check.Problems);
        Assert.Equal((1, 1), (check.Entries, check.ObjectsVerified));
    }

    [Fact]
    public void A_stop_during_a_stage_publishes_nothing_and_removes_its_scratch()
    {
        var stop = new StopRequest();
        _stage.StopWhileRunning = stop;
        Assert.ThrowsAny<OperationCanceledException>(() => RunOnce(stop));
        Assert.False(File.Exists(_repo.Paths.Full("data/out.txt")));
        Assert.False(File.Exists(_repo.Paths.LockFile));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_repo.Paths.Scratch));
        Assert.Equal(143, stop.ExitCode);

        _stage.StopWhileRunning = null;
        Assert.Equal(StageOutcome.Ran, RunOnce());
        Assert.Equal("hello", _repo.Read("data/out.txt"));
    }

    [Fact]
    public void Publishing_is_not_cut_into_by_a_stop_and_a_stop_before_it_prevents_it()
    {
        var stop = new StopRequest();
        var published = false;
        stop.Uninterruptible(() => published = true);
        Assert.True(published);
        stop.Request("SIGINT", 130, TimeSpan.FromHours(1), () => { }, _ => { });
        stop.Request("SIGTERM", 143, TimeSpan.FromHours(1), () => { }, _ => { }); // the first request wins
        Assert.Equal((130, "SIGINT"), (stop.ExitCode, stop.Reason));
        Assert.ThrowsAny<OperationCanceledException>(() => stop.Uninterruptible(() => published = false));
        Assert.True(published);
    }

    [Fact]
    public void Leftovers_of_a_killed_run_are_removed_but_cache_objects_are_kept()
    {
        RunOnce();
        var obj = OnlyObject();
        _repo.Write("data/.tmp/copy-4242-abc/data/out.txt", "half");
        _repo.Write(_repo.Paths.Relative(obj) + ".tmp-0123", "half an object");
        _repo.Write("data/pipeline.lock.json.tmp-4242-abc", "{");
        // A publish cut short when scratch is on another file system than the output: its copy beside the output.
        _repo.Write("data/.out.txt.ws-publishing-4242-abc", "half a copy");
        _repo.Write("data/notes.ws-publishing.txt", "the user's file, no leftover");

        Assert.Equal(4, Leftovers.RemoveLeftovers(_repo.Paths, ["data/out.txt"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_repo.Paths.Scratch));
        Assert.False(File.Exists(_repo.Paths.Full("data/.out.txt.ws-publishing-4242-abc")));
        Assert.Equal("the user's file, no leftover", _repo.Read("data/notes.ws-publishing.txt"));
        Assert.Equal("hello", _repo.Read("data/out.txt"));
        Assert.Equal(obj, OnlyObject());
        Assert.Empty(CacheCheck.Run(_repo.Paths).Problems);
    }

    [Fact]
    public void The_environment_pins_are_part_of_the_key_so_results_from_other_math_are_not_reused()
    {
        var a = new StageFingerprint("s", new(), [], [], [], new Dictionary<string, string> { ["MKL_CBWR"] = "COMPATIBLE" });
        var b = a with { Pins = new Dictionary<string, string> { ["pins"] = "off" } };
        Assert.NotEqual(a.Key(), b.Key());
    }

    [Fact]
    public void Status_sees_a_held_data_folder_lock_and_its_holder()
    {
        Assert.Null(PipelineMutex.Holder(_repo.Paths.RunMutex));
        using (PipelineMutex.Acquire(_repo.Paths.RunMutex, TimeSpan.Zero, _ => { }))
            Assert.Contains($"pid {Environment.ProcessId}", PipelineMutex.Holder(_repo.Paths.RunMutex));
        Assert.Null(PipelineMutex.Holder(_repo.Paths.RunMutex));
    }
}
