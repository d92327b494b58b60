using System.Text.Json.Nodes;
using WeightSpace.Core.Pipeline;

namespace WeightSpace.Tests.Pipeline;

public sealed class StageRunnerTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly List<string> _log = [];
    private readonly ScaleStage _stage = new();

    public StageRunnerTests()
    {
        _repo.Write("data/input.txt", "3");
        _repo.Write("src/scale.cs", "// version 1");
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>Reads a number, multiplies it by params "scale.factor", writes it and a folder of parts.</summary>
    private sealed class ScaleStage : IStage
    {
        public int Runs;
        public bool Throw;
        public string Name => "scale";
        public string Description => "multiplies the input by a factor";
        public IReadOnlyList<string> ParamSections => ["scale"];
        public IReadOnlyList<string> Deps => ["data/input.txt"];
        public IReadOnlyList<string> Code => ["src/scale.cs"];
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
        return new StageRunner(_repo.Paths, [_stage], parameters, "default", _log.Add);
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
    public void A_changed_stage_source_file_misses_the_cache()
    {
        RunOnce(2);
        _repo.Write("src/scale.cs", "// version 2");
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
        Assert.Contains(_log, l => l.Contains("corrupted"));
        Assert.Equal("6", _repo.Read("data/out/result.txt"));
        Assert.Equal(3, _stage.Runs);
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
