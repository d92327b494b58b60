using System.Text.Json.Nodes;
using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

/// <summary>
/// Sharing the run-cache through a folder remote: a push from one data folder and a pull into a
/// fresh one restore everything with the same bytes; a damaged remote object is refused and
/// recomputed; concurrent pushes of one object leave it whole; an unreachable remote is an error
/// the caller turns into a warning. (The same with S3 and the real smoke pipeline: tests/faults/remote.sh.)
/// </summary>
public sealed class CacheRemoteTests : IDisposable
{
    private readonly TempRepo _first = new();
    private readonly TempRepo _second = new();
    private readonly string _remote = Directory.CreateTempSubdirectory("ws-remote-").FullName;
    private readonly List<string> _log = [];

    public CacheRemoteTests()
    {
        _first.Write("data/input.txt", "7");
        _second.Write("data/input.txt", "7");
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        Directory.Delete(_remote, recursive: true);
    }

    /// <summary>Writes a "zoo" folder from the input: weights the next stage reads, and notes it does not.</summary>
    private sealed class MakeStage : IStage
    {
        public int Runs;
        public string Name => "make";
        public string Description => "a zoo from the input";
        public IReadOnlyList<string> Deps => ["data/input.txt"];
        public IReadOnlyList<string> Outs => ["data/zoo"];

        public void Run(StageContext context)
        {
            Runs++;
            var x = int.Parse(File.ReadAllText(context.Input("data/input.txt")));
            Directory.CreateDirectory(context.Output("data/zoo"));
            File.WriteAllBytes(context.Output("data/zoo/weights.bin"), Enumerable.Range(0, 5000).Select(i => (byte)(i * x)).ToArray());
            File.WriteAllText(context.Output("data/zoo/notes.txt"), $"made from {x}");
        }
    }

    /// <summary>Reads only the zoo's weights and writes metrics.</summary>
    private sealed class MeasureStage : IStage
    {
        public int Runs;
        public string Name => "measure";
        public string Description => "metrics of the zoo";
        public IReadOnlyList<string> Deps => ["data/zoo"];
        public IReadOnlyList<string> Outs => ["data/metrics.json"];
        public IReadOnlySet<string>? FilesRead(string dep) => new HashSet<string> { "weights.bin" };

        public void Run(StageContext context)
        {
            Runs++;
            var weights = File.ReadAllBytes(context.Input("data/zoo/weights.bin"));
            File.WriteAllText(context.Output("data/metrics.json"), $"{{\"sum\": {weights.Sum(b => (long)b)}}}");
        }
    }

    private sealed class FixedCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("src/stage.cs", ContentHash.OfText(stage.Name), 1)];
        public void Save() { }
    }

    private sealed record Pipeline(StageRunner Runner, MakeStage Make, MeasureStage Measure)
    {
        public IReadOnlyList<IStage> Stages => [Make, Measure];
    }

    private Pipeline In(TempRepo repo)
    {
        var make = new MakeStage();
        var measure = new MeasureStage();
        var runner = new StageRunner(repo.Paths, [new CatalogEntry(make, ["zoo"]), new CatalogEntry(measure, ["zoo"])],
            new JsonObject { ["zoo"] = new JsonObject { ["size"] = 5000 } }, "default", _log.Add, new FixedCode());
        return new Pipeline(runner, make, measure);
    }

    private void ComputeAndPush()
    {
        var first = In(_first);
        first.Runner.Run(first.Measure, _ => false);
        var pushed = first.Runner.Push(new FolderRemote(_remote), first.Stages);
        Assert.Equal((2, 3), (pushed.Entries, pushed.Objects));
    }

    private string RemoteObjectOf(TempRepo repo, string file) =>
        Path.Combine(_remote, ProjectPaths.RemoteObject(ContentHash.OfFile(repo.Paths.Full(file))));

    [Fact]
    public void A_fresh_data_folder_pulls_everything_restores_every_stage_and_has_the_same_bytes()
    {
        ComputeAndPush();
        var first = In(_first);
        var again = first.Runner.Push(new FolderRemote(_remote), first.Stages);
        Assert.Equal((0, 0, 2), (again.Entries, again.Objects, again.Skipped));

        var fresh = In(_second);
        var pulled = fresh.Runner.Pull(new FolderRemote(_remote), fresh.Stages);
        Assert.Equal((2, 3, 0), (pulled.Entries, pulled.Objects, pulled.Skipped));
        Assert.Equal(new[] { "data/zoo/weights.bin", "data/zoo/notes.txt", "data/metrics.json" }.Sum(f => new FileInfo(_first.Paths.Full(f)).Length), pulled.Bytes);

        // Before anything is restored, the downstream stage's key is known from the upstream entry: both restore.
        var second = In(_second);
        Assert.All(second.Stages, s => Assert.Equal(StageState.Restorable, second.Runner.Check(s).State));
        Assert.Equal(StageOutcome.Restored, second.Runner.Run(second.Measure, _ => false));
        Assert.Equal((0, 0), (second.Make.Runs, second.Measure.Runs));
        Assert.Equal(File.ReadAllBytes(_first.Paths.Full("data/metrics.json")), File.ReadAllBytes(_second.Paths.Full("data/metrics.json")));
        Assert.Equal(File.ReadAllBytes(_first.Paths.Full("data/zoo/weights.bin")), File.ReadAllBytes(_second.Paths.Full("data/zoo/weights.bin")));
    }

    [Fact]
    public void A_flipped_byte_in_a_remote_object_is_refused_the_stage_recomputes_and_a_push_heals_it()
    {
        ComputeAndPush();
        var damaged = RemoteObjectOf(_first, "data/metrics.json");
        var bytes = File.ReadAllBytes(damaged);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(damaged, bytes);

        var second = In(_second);
        var pulled = second.Runner.Pull(new FolderRemote(_remote), second.Stages);
        Assert.Equal((1, 1), (pulled.Entries, pulled.Skipped));
        Assert.Contains(_log, l => l.StartsWith("[measure] refused remote object objects/", StringComparison.Ordinal) && l.Contains("does not match its hash"));
        Assert.False(File.Exists(damaged), "the damaged object is removed from the remote");
        Assert.Equal(StageState.MustRun, second.Runner.Check(second.Measure).State);

        Assert.Equal(StageOutcome.Ran, second.Runner.Run(second.Measure, _ => false));
        Assert.Equal((0, 1), (second.Make.Runs, second.Measure.Runs));
        Assert.Equal(File.ReadAllBytes(_first.Paths.Full("data/metrics.json")), File.ReadAllBytes(_second.Paths.Full("data/metrics.json")));

        var pushing = In(_second);
        var healed = pushing.Runner.Push(new FolderRemote(_remote), pushing.Stages);
        Assert.Equal((0, 1), (healed.Entries, healed.Objects));
        Assert.Equal(File.ReadAllBytes(_first.Paths.Full("data/metrics.json")), File.ReadAllBytes(damaged));
    }

    [Fact]
    public void A_truncated_remote_object_is_refused_and_never_enters_the_local_cache()
    {
        ComputeAndPush();
        var weights = RemoteObjectOf(_first, "data/zoo/weights.bin");
        var hash = Path.GetFileName(weights);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);

        var second = In(_second);
        var pulled = second.Runner.Pull(new FolderRemote(_remote), second.Stages);
        Assert.Equal(0, pulled.Entries);
        Assert.Contains(_log, l => l.StartsWith("[make] refused remote object", StringComparison.Ordinal) && l.Contains("100 bytes instead of 5000 (truncated)"));
        Assert.False(new ObjectStore(_second.Paths.Objects).Has(hash));
        Assert.False(Directory.Exists(_second.Paths.Runs) && Directory.EnumerateFiles(_second.Paths.Runs).Any(), "no entry without its objects");
        Assert.Equal(StageOutcome.Ran, second.Runner.Run(second.Measure, _ => false));
        Assert.Equal((1, 1), (second.Make.Runs, second.Measure.Runs));
    }

    [Fact]
    public async Task Two_pushes_of_the_same_object_at_once_leave_one_whole_object()
    {
        var content = Enumerable.Range(0, 4 << 20).Select(i => (byte)(i * 31 + (i >> 12))).ToArray();
        var sources = Enumerable.Range(0, 2).Select(i => Path.Combine(_remote, $"../{Path.GetFileName(_remote)}-source-{i}")).ToList();
        foreach (var source in sources) File.WriteAllBytes(source, content);
        var hash = ContentHash.OfFile(sources[0]);
        var path = ProjectPaths.RemoteObject(hash);
        var seen = new List<long>();
        try
        {
            var target = Path.Combine(_remote, path);
            using var done = new CancellationTokenSource();
            // A reader watching the object sees it absent or whole, never in part.
            var reader = Task.Run(() =>
            {
                while (!done.IsCancellationRequested)
                    if (File.Exists(target)) lock (seen) seen.Add(new FileInfo(target).Length);
            });
            Parallel.For(0, 8, i => new FolderRemote(_remote).Put(sources[i % 2], path));
            done.Cancel();
            await reader;
            Assert.Equal(hash, ContentHash.OfFile(target));
            Assert.All(seen, length => Assert.Equal(content.Length, length));
            Assert.Equal([Path.GetFileName(target)], Directory.EnumerateFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
        }
        finally
        {
            foreach (var source in sources) File.Delete(source);
        }
    }

    [Fact]
    public void An_unreachable_remote_fails_with_a_remote_error_and_leaves_the_local_run_alone()
    {
        var missing = Path.Combine(_remote, "not-mounted");
        var second = In(_second);
        var e = Assert.Throws<CacheRemoteException>(() => second.Runner.Pull(new FolderRemote(missing), second.Stages));
        Assert.Equal($"cache remote {missing} is not reachable: no such folder", e.Message);
        Assert.False(Directory.Exists(missing), "a pull creates no remote");
        Assert.Equal(StageOutcome.Ran, second.Runner.Run(second.Measure, _ => false));
    }
}
