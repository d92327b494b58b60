using System.Text.Json.Nodes;
using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

/// <summary>
/// Runners sharing one data folder, as cluster jobs do (docs/cluster.md): the data-folder lock held
/// shared by many and exclusively by none beside them, and each runner's lock entry kept when
/// another publishes its own stage at the same time.
/// </summary>
public sealed class SharedDataFolderTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Shared_holders_coexist_and_keep_an_exclusive_run_out_and_the_other_way_round()
    {
        var path = _repo.Paths.RunMutex;
        using (PipelineMutex.Acquire(path, TimeSpan.Zero, _ => { }, shared: true))
        using (PipelineMutex.Acquire(path, TimeSpan.Zero, _ => { }, shared: true))
        {
            Assert.Throws<PipelineBusyException>(() => PipelineMutex.Acquire(path, TimeSpan.Zero, _ => { }));
            Assert.NotNull(PipelineMutex.Holder(path)); // Status says a run is in progress
        }
        using (PipelineMutex.Acquire(path, TimeSpan.Zero, _ => { }))
            Assert.Throws<PipelineBusyException>(() => PipelineMutex.Acquire(path, TimeSpan.Zero, _ => { }, shared: true));
        Assert.Null(PipelineMutex.Holder(path));
    }

    /// <summary>Writes its name into its own output.</summary>
    private sealed class NameStage(string name) : IStage
    {
        public string Name => name;
        public string Description => name;
        public IReadOnlyList<string> Deps => ["data/input.txt"];
        public IReadOnlyList<string> Outs => [$"data/{name}.txt"];
        public void Run(StageContext context) => File.WriteAllText(context.Output($"data/{name}.txt"), name);
    }

    private sealed class FixedCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("src/stage.cs", ContentHash.OfText("1"), 1)];
        public void Save() { }
    }

    [Fact]
    public void Two_runners_publishing_at_once_keep_both_lock_entries_and_the_second_sees_the_first_up_to_date()
    {
        _repo.Write("data/input.txt", "x");
        var a = new NameStage("a");
        var b = new NameStage("b");
        IReadOnlyList<CatalogEntry> catalog = [new(a, []), new(b, [])];
        StageRunner Runner(Func<IStage, string, StageContext, bool>? instead = null) =>
            new(_repo.Paths, catalog, new JsonObject(), "default", _ => { }, new FixedCode()) { SharedDataFolder = true, RunInstead = instead };
        // Both runners read the lock file before either publishes: as two jobs started together.
        var first = Runner();
        var second = Runner((stage, key, context) =>
        {
            Assert.Equal(StageOutcome.Ran, first.Run(a)); // the other job publishes while this one computes
            File.WriteAllText(context.Output("data/b.txt"), "b, made another way");
            return true;
        });
        Assert.Equal(StageState.MustRun, first.Check(a).State);
        Assert.Equal(StageState.MustRun, second.Check(b).State);
        Assert.Equal(StageOutcome.Ran, second.Run(b));

        var saved = LockFile.Load(_repo.Paths.LockFile);
        Assert.Equal(["a", "b"], saved.Stages.Keys);
        Assert.Equal("b, made another way", _repo.Read("data/b.txt"));
        var fresh = Runner();
        Assert.Equal(StageState.UpToDate, fresh.Check(a).State);
        Assert.Equal(StageState.UpToDate, fresh.Check(b).State);
    }
}
