namespace WeightSpace.Pipeline;

/// <summary>Executing: one stage, skip / restore / run, and a run into private scratch.</summary>
public sealed partial class StageRunner
{
    private StageOutcome RunOne(IStage stage, bool force, bool dryRun)
    {
        if (_finished.Contains(stage.Name)) return StageOutcome.Skipped;
        _stop.Token.ThrowIfCancellationRequested();
        var check = Check(stage, force);
        var why = string.Join("; ", check.Reasons);
        if (dryRun)
        {
            _log(check.State switch
            {
                StageState.UpToDate => $"[{stage.Name}] up to date",
                StageState.Restorable => $"[{stage.Name}] would restore from run-cache: {why}",
                _ => $"[{stage.Name}] would run: {why}",
            });
            return StageOutcome.DryRun;
        }
        _finished.Add(stage.Name);
        if (check.State == StageState.UpToDate)
        {
            _log($"[{stage.Name}] up to date");
            return StageOutcome.Skipped;
        }

        // Upstream stages were brought up to date just before; decide afresh.
        _checks.Remove(stage.Name);
        check = Check(stage, force);
        if (check.Fingerprint is null)
            throw new StageFailedException($"[{stage.Name}] cannot run: {string.Join("; ", check.Reasons)}");
        if (check.State == StageState.UpToDate)
        {
            _log($"[{stage.Name}] up to date");
            return StageOutcome.Skipped;
        }
        // Before any work: a stage never replaces an output folder holding files it did not write.
        RefuseForeignFiles(stage, null);
        if (check.State == StageState.Restorable && TryRestore(stage, check.Fingerprint))
            return StageOutcome.Restored;

        Execute(stage, check.Fingerprint, string.Join("; ", check.Reasons));
        return StageOutcome.Ran;
    }

    private void Execute(IStage stage, StageFingerprint fingerprint, string why)
    {
        _log($"[{stage.Name}] running: {why}");
        var scratch = Path.Combine(_paths.Scratch, $"{stage.Name}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var meter = StageCost.Start();
            try
            {
                var context = new StageContext(_paths, scratch, line => _log($"[{stage.Name}] {line}"), _stop.Token);
                if (RunInstead?.Invoke(stage, fingerprint.Key(), context) != true) stage.Run(context);
            }
            catch (Exception e) when (!_stop.Token.IsCancellationRequested)
            {
                throw new StageFailedException($"[{stage.Name}] failed: {e.Message}", e);
            }
            var cost = meter.Stop();

            foreach (var o in stage.Outs)
                if (!File.Exists(Path.Combine(scratch, o)) && !Directory.Exists(Path.Combine(scratch, o)))
                    throw new StageFailedException($"[{stage.Name}] finished without writing its declared output {o}");

            // Inputs are hashed before the run and re-checked now: an input edited while the stage
            // ran must not be recorded as the input of these outputs (treeverse/dvc#11058).
            var changed = fingerprint.Deps.Except(HashDeps(stage)).Select(f => f.Path).Distinct().ToList();
            if (changed.Count > 0)
                throw new StageFailedException($"[{stage.Name}] input changed while the stage ran: {string.Join(", ", changed)}; outputs discarded, run again");

            var outs = stage.Outs.SelectMany(o => WorkspaceFiles.Hashed(scratch, o)).ToList();
            var key = fingerprint.Key();
            // A stop (signal) waits for this block and is refused after it starts: all or nothing.
            _stop.Uninterruptible(() => Publishing(stage, "publishing", () =>
            {
                foreach (var file in outs) _objects.Store(Path.Combine(scratch, file.Path), file.Hash);
                _runs.Write(new RunCacheEntry(key, stage.Name, outs, cost.WallSeconds));
                Publish(stage, scratch, outs);
                RecordLock(stage, fingerprint, outs, cost.WallSeconds, "run", cost);
            }));
            _log($"[{stage.Name}] done in {cost}; {outs.Count} output file(s) cached under key {key[..12]}");
        }
        finally
        {
            WorkspaceFiles.DeleteQuietly(scratch);
        }
    }
}
