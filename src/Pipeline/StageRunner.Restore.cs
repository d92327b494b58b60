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
            Publishing(stage, "restoring", () =>
            {
                foreach (var file in entry.Outs)
                {
                    var target = Path.Combine(scratch, file.Path);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    WorkspaceFiles.Copy(_objects.PathOf(file.Hash), target);
                }
                _stop.Uninterruptible(() =>
                {
                    Publish(stage, scratch, entry.Outs);
                    RecordLock(stage, fingerprint, entry.Outs, entry.DurationSeconds, "run-cache");
                });
            });
            _log($"[{stage.Name}] restored {entry.Outs.Count} output file(s) from run-cache (key {key[..12]}; computing it took {entry.DurationSeconds:0.0} s)");
            return true;
        }
        finally
        {
            WorkspaceFiles.DeleteQuietly(scratch);
        }
    }

    /// <summary>
    /// Moves each finished output from scratch into the workspace, replacing the old one (only ever
    /// the stage's own files: see <see cref="RefuseForeignFiles"/>). A rename is atomic only within
    /// one file system: an output bound for another one than scratch's (reports/ when data/ is a
    /// mount of its own) is first copied under a temporary name beside its target, every such copy
    /// before anything is replaced, so a full disk there publishes nothing.
    /// </summary>
    private void Publish(IStage stage, string scratch, IReadOnlyList<HashedFile> files)
    {
        RefuseForeignFiles(stage, files);
        var moves = new List<(string Source, string Target, string Aside)>();
        try
        {
            foreach (var o in stage.Outs)
            {
                var source = Path.Combine(scratch, o);
                var target = _paths.Full(o);
                var folder = Path.GetDirectoryName(target)!;
                Directory.CreateDirectory(folder);
                // A folder output (an empty one has no files to restore) replaces the old one, which
                // is moved aside first: into scratch, or beside it when scratch is on another file system.
                if (!File.Exists(source)) Directory.CreateDirectory(source);
                var aside = Path.Combine(_paths.Scratch, $"old-{Environment.ProcessId}-{Guid.NewGuid():N}");
                if (!WorkspaceFiles.SameFileSystem(scratch, folder))
                {
                    aside = WorkspaceFiles.PublishingName(target);
                    source = WorkspaceFiles.CopyBeside(source, target);
                }
                moves.Add((source, target, aside));
            }
        }
        catch
        {
            foreach (var m in moves.Where(m => !m.Source.StartsWith(scratch + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                WorkspaceFiles.DeleteQuietly(m.Source);
            throw;
        }
        foreach (var (source, target, aside) in moves)
        {
            if (File.Exists(source))
            {
                File.Move(source, target, overwrite: true);
                continue;
            }
            if (Directory.Exists(target)) Directory.Move(target, aside);
            else if (File.Exists(target)) File.Move(target, aside);
            Directory.Move(source, target);
            WorkspaceFiles.DeleteQuietly(aside);
        }
        foreach (var f in files) _stats.Remember(_paths.Full(f.Path), f.Hash);
    }

    /// <summary>
    /// Runs the bookkeeping that publishes a stage (storing, restoring, moving into place, the lock
    /// file): a file-system error there (a full disk, a read-only folder) fails the stage naming it,
    /// what it was doing and the path, not as a bare "No space left on device".
    /// </summary>
    private static void Publishing(IStage stage, string doing, Action publish)
    {
        try
        {
            publish();
        }
        // Foreign files in an output folder are the user's to move (exit 2, the message says so), not a failure.
        catch (Exception e) when (e is (IOException and not ForeignFilesException) or UnauthorizedAccessException)
        {
            throw new StageFailedException($"[{stage.Name}] failed: {doing} its outputs: {e.Message}", e);
        }
    }

    private void RecordLock(IStage stage, StageFingerprint fingerprint, IReadOnlyList<HashedFile> outs, double seconds, string origin, StageCost? cost = null)
    {
        var entry = new LockEntry(fingerprint.Key(), fingerprint, outs, seconds, _profile, DateTimeOffset.UtcNow, origin, cost?.CpuSeconds, cost?.PeakBytes);
        if (SharedDataFolder)
            _lock = LockFile.Update(_paths.LockFile, stage.Name, entry);
        else
        {
            Lock.Stages[stage.Name] = entry;
            Lock.Save(_paths.LockFile);
        }
        _stats.Save();
        _checks.Remove(stage.Name);
    }

    /// <summary>
    /// A stage owns only the files it writes. Its output folders are replaced whole when it
    /// publishes, so a file there that it did not write (a user's notes, a downloaded zoo kept
    /// where the generated one goes) stops it with <see cref="ForeignFilesException"/> (exit 2)
    /// before anything is replaced; nothing is deleted.
    /// </summary>
    /// <param name="incoming">The outputs about to be published; null before the stage runs.</param>
    private void RefuseForeignFiles(IStage stage, IReadOnlyList<HashedFile>? incoming)
    {
        var foreign = ForeignFiles(stage, incoming);
        if (foreign.Count == 0) return;
        var folders = stage.Outs.Where(o => foreign.Any(f => f.StartsWith(o + "/", StringComparison.Ordinal))).ToList();
        var named = string.Join(", ", foreign.Take(5)) + (foreign.Count > 5 ? $" and {foreign.Count - 5} more" : "");
        throw new ForeignFilesException(
            $"[{stage.Name}] will not replace {string.Join(", ", folders)}: it holds {foreign.Count} file(s) the stage did not write ({named}); " +
            $"nothing was changed. Move them out of {string.Join(", ", folders)}, or, if they are an input you mean to use (a downloaded zoo), " +
            "point its source in params.json at them in a folder of their own, and run again");
    }

    /// <summary>
    /// The files in the stage's output folders it did not write: not among the outputs its last
    /// published run recorded, and not content the pipeline made (an object of the run-cache: a
    /// run killed between publishing and recording the lock, a damaged lock entry). A stage never
    /// recorded here (a fresh clone, whose committed report the first run replaces) owns the paths
    /// it is about to write.
    /// </summary>
    private List<string> ForeignFiles(IStage stage, IReadOnlyList<HashedFile>? incoming)
    {
        var recorded = Lock.Stages.GetValueOrDefault(stage.Name)?.Outs ?? incoming;
        return recorded is null ? [] : FilesNotWritten(stage, recorded);
    }

    /// <summary>
    /// The files in the stage's output folders that it did not write, for removing its outputs
    /// (Clean): with no record of the stage, only content of the run-cache is its own.
    /// </summary>
    public IReadOnlyList<string> ForeignOutputFiles(IStage stage) => FilesNotWritten(stage, Lock.Stages.GetValueOrDefault(stage.Name)?.Outs ?? []);

    private List<string> FilesNotWritten(IStage stage, IReadOnlyList<HashedFile> recorded)
    {
        var owned = recorded.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var foreign = new List<string>();
        foreach (var output in stage.Outs.Where(o => Directory.Exists(_paths.Full(o))))
            foreach (var file in WorkspaceFiles.Under(_paths.Full(output)))
            {
                var relative = _paths.Relative(file);
                if (!owned.Contains(relative) && !_objects.Has(_stats.HashOf(file))) foreign.Add(relative);
            }
        return foreign;
    }
}
