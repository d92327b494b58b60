namespace WeightSpace.Pipeline;

/// <summary>Restoring from the run-cache, publishing outputs into the workspace, recording the lock.</summary>
public sealed partial class StageRunner
{
    private bool TryRestore(IStage stage, StageFingerprint fingerprint)
    {
        var key = fingerprint.Key();
        // Every object is re-hashed before the entry is trusted: a killed or tampered cache is recomputed.
        var entry = _runs.Read(key, out var problem);
        if (entry is null)
        {
            _log($"[{stage.Name}] run-cache entry {key[..12]} is damaged ({problem}); discarded, recomputing");
            return false;
        }

        var scratch = Path.Combine(_paths.Scratch, $"{stage.Name}-restore-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in entry.Outs)
            {
                var target = Path.Combine(scratch, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(_objects.PathOf(file.Hash), target);
            }
            _stop.Uninterruptible(() =>
            {
                Publish(stage, scratch, entry.Outs);
                RecordLock(stage, fingerprint, entry.Outs, entry.DurationSeconds, "run-cache");
            });
            _log($"[{stage.Name}] restored {entry.Outs.Count} output file(s) from run-cache (key {key[..12]}; computing it took {entry.DurationSeconds:0.0} s)");
            return true;
        }
        finally
        {
            WorkspaceFiles.DeleteQuietly(scratch);
        }
    }

    /// <summary>Moves each finished output from scratch into the workspace, replacing the old one.</summary>
    private void Publish(IStage stage, string scratch, IReadOnlyList<HashedFile> files)
    {
        foreach (var o in stage.Outs)
        {
            var source = Path.Combine(scratch, o);
            var target = _paths.Full(o);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(source))
            {
                File.Move(source, target, overwrite: true);
                continue;
            }
            // A folder output (an empty one has no files to restore): move the old one aside,
            // the new one in, then delete the old.
            Directory.CreateDirectory(source);
            var aside = Path.Combine(_paths.Scratch, $"old-{Environment.ProcessId}-{Guid.NewGuid():N}");
            if (Directory.Exists(target)) Directory.Move(target, aside);
            else if (File.Exists(target)) File.Move(target, aside);
            Directory.Move(source, target);
            WorkspaceFiles.DeleteQuietly(aside);
        }
        foreach (var f in files) _stats.Remember(_paths.Full(f.Path), f.Hash);
    }

    private void RecordLock(IStage stage, StageFingerprint fingerprint, IReadOnlyList<HashedFile> outs, double seconds, string origin)
    {
        Lock.Stages[stage.Name] = new LockEntry(fingerprint.Key(), fingerprint, outs, seconds, _profile, DateTimeOffset.UtcNow, origin);
        Lock.Save(_paths.LockFile);
        _stats.Save();
        _checks.Remove(stage.Name);
    }
}
