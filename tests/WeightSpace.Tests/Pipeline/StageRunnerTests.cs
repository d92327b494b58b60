using System.Text.Json.Nodes;
using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

public sealed class StageRunnerTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly List<string> _log = [];
    private readonly ScaleStage _stage = new();
    private readonly FakeCode _code = new();

    public StageRunnerTests()
    {
        _repo.Write("data/input.txt", "3");
    }

    /// <summary>Stands in for the derived code set, so a test can change "the code" without compiling.</summary>
    private sealed class FakeCode : ICodeDependencies
    {
        public string Version = "1";
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("src/scale.cs", ContentHash.OfText(Version), 1)];
        public void Save() { }
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>Reads a number, multiplies it by params "scale.factor", writes it and a folder of parts.</summary>
    private sealed class ScaleStage : IStage
    {
        public int Runs;
        public bool Throw;
        public string Name => "scale";
        public string Description => "multiplies the input by a factor";
        public IReadOnlyList<string> Deps => ["data/input.txt"];
        public IReadOnlyList<string> Outs => ["data/out/result.txt", "data/out/parts"];
        public int Factor = 2;

        public void Run(StageContext context)
        {
            Runs++;
            var x = int.Parse(File.ReadAllText(context.Input("data/input.txt")));
            File.WriteAllText(context.Output("data/out/result.txt"), (x * Factor).ToString());
            if (Throw) throw new InvalidOperationException("boom midway");
            File.WriteAllText(context.Output("data/out/parts/a.txt"), "a");
            File.WriteAllText(context.Output("data/out/parts/b.txt"), Factor.ToString());
        }
    }

    private StageRunner Runner(int factor)
    {
        _stage.Factor = factor;
        var parameters = new JsonObject { ["scale"] = new JsonObject { ["factor"] = factor } };
        return new StageRunner(_repo.Paths, [new CatalogEntry(_stage, ["scale"])], parameters, "default", _log.Add, _code);
    }

    private StageOutcome RunOnce(int factor)
    {
        var runner = Runner(factor);
        var outcome = runner.Run(_stage);
        runner.Flush();
        return outcome;
    }

    [Fact]
    public void A_stage_runs_once_and_is_skipped_when_nothing_changed()
    {
        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Equal(StageOutcome.Skipped, RunOnce(2));
        Assert.Equal(1, _stage.Runs);
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
    }

    [Fact]
    public void A_changed_param_misses_the_cache_and_the_reason_names_the_key()
    {
        RunOnce(2);
        var check = Runner(5).Check(_stage);
        Assert.Equal(StageState.MustRun, check.State);
        Assert.Contains(check.Reasons, r => r.Contains("scale.factor") && r.Contains("2 -> 5"));
        Assert.Equal(StageOutcome.Ran, RunOnce(5));
        Assert.Equal("15", _repo.Read("data/out/result.txt"));
    }

    [Fact]
    public void A_changed_input_file_misses_the_cache()
    {
        RunOnce(2);
        _repo.Write("data/input.txt", "4");
        var check = Runner(2).Check(_stage);
        Assert.Contains(check.Reasons, r => r.Contains("input data/input.txt changed"));
        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Equal("8", _repo.Read("data/out/result.txt"));
    }

    [Fact]
    public void A_changed_code_set_misses_the_cache_and_names_the_file()
    {
        RunOnce(2);
        _code.Version = "2";
        Assert.Contains(Runner(2).Check(_stage).Reasons, r => r.Contains("code src/scale.cs changed"));
        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Equal(2, _stage.Runs);
    }

    [Fact]
    public void Going_back_to_an_earlier_param_restores_its_outputs_without_recomputing()
    {
        RunOnce(2);
        RunOnce(3);
        Assert.Equal("9", _repo.Read("data/out/result.txt"));
        Assert.Equal(StageOutcome.Restored, RunOnce(2));
        Assert.Equal(2, _stage.Runs);
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
        Assert.Equal("2", _repo.Read("data/out/parts/b.txt"));
        Assert.Equal(StageOutcome.Skipped, RunOnce(2));
    }

    [Fact]
    public void A_stage_that_throws_midway_leaves_no_cache_entry_and_the_next_run_recomputes()
    {
        _stage.Throw = true;
        var e = Assert.Throws<StageFailedException>(() => RunOnce(2));
        Assert.Contains("boom midway", e.Message);
        Assert.False(File.Exists(_repo.Paths.Full("data/out/result.txt")), "nothing is published");
        Assert.False(Directory.Exists(_repo.Paths.Runs) && Directory.EnumerateFiles(_repo.Paths.Runs).Any(), "no run-cache entry");
        Assert.False(Directory.Exists(_repo.Paths.Scratch) && Directory.EnumerateFileSystemEntries(_repo.Paths.Scratch).Any(), "scratch is cleaned");
        Assert.False(File.Exists(_repo.Paths.LockFile));

        _stage.Throw = false;
        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Equal(2, _stage.Runs);
    }

    [Fact]
    public void A_failed_rerun_keeps_the_previous_outputs()
    {
        RunOnce(2);
        _stage.Throw = true;
        Assert.Throws<StageFailedException>(() => RunOnce(7));
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
    }

    [Fact]
    public void A_corrupted_cache_entry_is_reported_and_recomputed_not_trusted()
    {
        RunOnce(2);
        RunOnce(3);
        foreach (var obj in Directory.EnumerateFiles(_repo.Paths.Objects, "*", SearchOption.AllDirectories))
            if (File.ReadAllText(obj) == "6") File.WriteAllText(obj, "666");

        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Contains(_log, l => l.Contains("damaged"));
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
        Assert.Equal(3, _stage.Runs);
    }

    [Fact]
    public void A_cache_object_with_one_flipped_byte_is_detected_discarded_and_recomputed_never_kept()
    {
        RunOnce(2);
        RunOnce(3);
        var obj = Directory.EnumerateFiles(_repo.Paths.Objects, "*", SearchOption.AllDirectories).Single(f => File.ReadAllText(f) == "6");
        File.WriteAllText(obj, "7"); // same length

        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Contains(_log, l => l.Contains("damaged") && l.Contains("does not match its hash"));
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
        Assert.Equal("6", File.ReadAllText(obj)); // the object was stored again, sound
        RunOnce(3);
        Assert.Equal(StageOutcome.Restored, RunOnce(2));
        Assert.Equal(3, _stage.Runs);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"key":null,"stage":"scale","outs":null,"duration_seconds":1}""")]
    [InlineData("""{"stage":"scale"}""")]
    public void A_damaged_run_cache_entry_is_discarded_and_recomputed(string damaged)
    {
        RunOnce(2);
        RunOnce(3);
        var current = LockFile.Load(_repo.Paths.LockFile).Stages["scale"].Key; // factor 3's
        var entry = Directory.EnumerateFiles(_repo.Paths.Runs).Single(f => Path.GetFileNameWithoutExtension(f) != current);
        File.WriteAllText(entry, damaged);

        Assert.Equal(StageOutcome.Ran, RunOnce(2));
        Assert.Contains(_log, l => l.Contains("damaged") && l.Contains("discarded"));
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
        Assert.Equal(StageOutcome.Restored, RunOnce(3));
    }

    [Fact]
    public void A_lock_file_of_the_wrong_shape_is_reported_naming_the_entry_and_the_run_proceeds()
    {
        RunOnce(2);
        File.WriteAllText(_repo.Paths.LockFile, """{"stages":{"scale":{}}}""");
        Assert.Equal(StageOutcome.Restored, RunOnce(2));
        Assert.Single(_log, l => l.Contains(_repo.Paths.LockFile) && l.Contains("'scale'") && l.Contains("discarding"));
        Assert.Equal(StageOutcome.Skipped, RunOnce(2));

        File.WriteAllText(_repo.Paths.LockFile, """{"stages":[1,2]}""");
        Assert.Equal(StageOutcome.Restored, RunOnce(2));
        Assert.Contains(_log, l => l.Contains(_repo.Paths.LockFile) && l.Contains("stages"));
    }

    [Fact]
    public void Running_a_stage_brings_its_upstream_up_to_date_first_in_dependency_order()
    {
        var doubler = new CopyStage("double", "data/out/result.txt", "data/out/doubled.txt");
        var catalog = new List<CatalogEntry> { new(_stage, ["scale"]), new(doubler, []) };
        var parameters = new JsonObject { ["scale"] = new JsonObject { ["factor"] = 2 } };
        var runner = new StageRunner(_repo.Paths, catalog, parameters, "default", _log.Add, _code);
        Assert.Equal([_stage], runner.Upstream(doubler));
        Assert.Equal(StageOutcome.Ran, runner.Run(doubler));
        Assert.Equal(1, _stage.Runs);
        Assert.Equal("6", _repo.Read("data/out/doubled.txt"));
        Assert.True(_log.FindIndex(l => l.StartsWith("[scale] running")) < _log.FindIndex(l => l.StartsWith("[double] running")));

        Assert.Throws<InvalidOperationException>(() => new StageRunner(_repo.Paths, [catalog[1], catalog[0]], parameters, "default", _log.Add, _code));
    }

    private sealed class CopyStage(string name, string from, string to) : IStage
    {
        public string Name => name;
        public string Description => "copies a file";
        public IReadOnlyList<string> Deps => [from];
        public IReadOnlyList<string> Outs => [to];
        public void Run(StageContext context) => File.Copy(context.Input(from), context.Output(to));
    }

    [Fact]
    public void A_modified_workspace_output_is_not_trusted_and_is_restored()
    {
        RunOnce(2);
        _repo.Write("data/out/result.txt", "tampered");
        var check = Runner(2).Check(_stage);
        Assert.Equal(StageState.Restorable, check.State);
        Assert.Contains(check.Reasons, r => r.Contains("was modified"));
        Assert.Equal(StageOutcome.Restored, RunOnce(2));
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
    }

    [Fact]
    public void A_dry_run_says_why_and_changes_nothing()
    {
        var runner = Runner(2);
        Assert.Equal(StageOutcome.DryRun, runner.Run(_stage, dryRun: true));
        Assert.Contains(_log, l => l.Contains("would run") && l.Contains("never run"));
        Assert.Equal(0, _stage.Runs);
        Assert.False(File.Exists(_repo.Paths.Full("data/out/result.txt")));
    }

    [Fact]
    public void The_lock_file_records_key_params_hashes_and_duration()
    {
        RunOnce(2);
        var entry = LockFile.Load(_repo.Paths.LockFile).Stages["scale"];
        Assert.Equal(entry.Fingerprint.Key(), entry.Key);
        Assert.Equal("2", entry.Fingerprint.Params["scale"]!["factor"]!.ToJsonString());
        Assert.Equal(["data/input.txt"], entry.Fingerprint.Deps.Select(d => d.Path));
        Assert.Equal(["data/out/result.txt", "data/out/parts/a.txt", "data/out/parts/b.txt"], entry.Outs.Select(o => o.Path));
        Assert.Equal(ContentHash.OfFile(_repo.Paths.Full("data/out/result.txt")), entry.Outs[0].Hash);
        Assert.True(entry.DurationSeconds >= 0);
        Assert.True(entry.CpuSeconds >= 0);
        Assert.True(entry.PeakBytes > 0, "the peak resident memory of the run is recorded on Linux");
    }

    [Fact]
    public void Forcing_a_stage_runs_it_even_when_up_to_date()
    {
        RunOnce(2);
        var runner = Runner(2);
        Assert.Equal(StageOutcome.Ran, runner.Run(_stage, force: true));
        Assert.Equal(2, _stage.Runs);
    }

    [Fact]
    public void A_second_run_on_the_same_data_folder_waits_then_stops_with_a_clear_message()
    {
        var messages = new List<string>();
        using var first = PipelineMutex.Acquire(_repo.Paths.RunMutex, TimeSpan.Zero, messages.Add);
        var e = Assert.Throws<PipelineBusyException>(() => PipelineMutex.Acquire(_repo.Paths.RunMutex, TimeSpan.FromMilliseconds(300), messages.Add));
        Assert.Contains("another WeightSpace run", e.Message);
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        Assert.Contains(messages, m => m.Contains("waiting"));
    }

    [Fact]
    public void The_data_folder_lock_is_free_again_once_released()
    {
        PipelineMutex.Acquire(_repo.Paths.RunMutex, TimeSpan.Zero, _ => { }).Dispose();
        using var again = PipelineMutex.Acquire(_repo.Paths.RunMutex, TimeSpan.Zero, _ => { });
    }
}
