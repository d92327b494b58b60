using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Core.Pipeline;

public enum StageState
{
    /// <summary>The lock's key matches and the workspace outputs are the recorded ones.</summary>
    UpToDate,
    /// <summary>Not in the workspace, but the run-cache holds outputs for this exact key.</summary>
    Restorable,
    /// <summary>Must be computed.</summary>
    MustRun,
}

/// <summary>The runner's verdict on a stage and why (what changed since the last run).</summary>
public sealed record StageCheck(IStage Stage, StageState State, IReadOnlyList<string> Reasons, StageFingerprint? Fingerprint);

/// <summary>What one call to <see cref="StageRunner.Run"/> did.</summary>
public enum StageOutcome { Skipped, Restored, Ran, DryRun }

/// <summary>A stage could not produce its outputs; nothing of it was published or cached.</summary>
public sealed class StageFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Decides, runs and caches stages (anchor: `dvc repro`). A stage's key hashes its params slice,
/// its input hashes, its code hashes and its output names. Up-to-date stages are skipped; a key
/// seen before is restored from the content-addressed run-cache after its objects are verified;
/// otherwise the stage runs into scratch and is published atomically only if it succeeds.
/// The caller holds the <see cref="PipelineMutex"/>.
/// </summary>
public sealed class StageRunner
{
    private readonly ProjectPaths _paths;
    private readonly IReadOnlyList<IStage> _catalog;
    private readonly JsonObject _params;
    private readonly string _profile;
    private readonly Action<string> _log;
    private readonly StatCache _stats;
    private readonly Dictionary<string, StageCheck> _checks = new(StringComparer.Ordinal);
    private readonly StopRequest _stop;

    /// <param name="stop">Signals and the like ask the runner to stop through this (none: never stopped).</param>
    public StageRunner(ProjectPaths paths, IReadOnlyList<IStage> catalog, JsonObject parameters, string profile, Action<string> log, StopRequest? stop = null)
    {
        _stop = stop ?? new StopRequest();
        _paths = paths;
        _catalog = catalog;
        _params = parameters;
        _profile = profile;
        _log = log;
        _stats = StatCache.Load(paths.StatCache);
    }

    public IStage Find(string name) =>
        _catalog.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown stage '{name}'; stages are: {string.Join(", ", _catalog.Select(s => s.Name))}");

    /// <summary>The stage that declares <paramref name="path"/> (or a folder holding it) as an output.</summary>
    public IStage? ProducerOf(string path) =>
        _catalog.FirstOrDefault(s => s.Outs.Any(o => path == o || path.StartsWith(o + "/", StringComparison.Ordinal)));

    /// <summary>Whether the stage is up to date, restorable or must run, and why.</summary>
    public StageCheck Check(IStage stage, bool force = false)
    {
        if (!force && _checks.TryGetValue(stage.Name, out var known)) return known;
        var check = Decide(stage, force);
        if (!force) _checks[stage.Name] = check;
        return check;
    }

    private StageCheck Decide(IStage stage, bool force)
    {
        // An upstream stage that will change its outputs makes this one's inputs unknown until it runs.
        var pending = new List<string>();
        foreach (var dep in stage.Deps)
        {
            var producer = ProducerOf(dep);
            if (producer is not null && producer != stage && Check(producer).State != StageState.UpToDate)
                pending.Add($"upstream stage '{producer.Name}' runs first (it writes {dep})");
            else if (!Exists(dep))
                pending.Add(producer is null ? $"input {dep} is missing and no stage writes it" : $"input {dep} is missing (written by stage '{producer.Name}')");
        }
        if (pending.Count > 0) return new StageCheck(stage, StageState.MustRun, pending, null);

        var fingerprint = Fingerprint(stage);
        var key = fingerprint.Key();
        if (force) return new StageCheck(stage, StageState.MustRun, ["forced (--force)"], fingerprint);

        var locked = LockFile.Load(_paths.LockFile).Stages.GetValueOrDefault(stage.Name);
        var reasons = locked is null ? ["never run"] : Differences(locked.Fingerprint, fingerprint);
        if (locked is not null && locked.Key == key)
        {
            var outReasons = WorkspaceOutputProblems(locked.Outs, stage.Outs);
            if (outReasons.Count == 0) return new StageCheck(stage, StageState.UpToDate, [], fingerprint);
            reasons = outReasons;
        }
        if (File.Exists(RunEntryPath(key)))
            return new StageCheck(stage, StageState.Restorable, [.. reasons, $"outputs for key {key[..12]} are in the run-cache"], fingerprint);
        return new StageCheck(stage, StageState.MustRun, reasons, fingerprint);
    }

    /// <summary>Brings the stage up to date: skip, restore from the run-cache, or run it.</summary>
    public StageOutcome Run(IStage stage, bool force = false, bool dryRun = false)
    {
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
        if (check.State == StageState.UpToDate)
        {
            _log($"[{stage.Name}] up to date");
            return StageOutcome.Skipped;
        }

        // Upstream stages were brought up to date by the caller (the Cake graph); decide afresh.
        _checks.Remove(stage.Name);
        check = Check(stage, force);
        if (check.Fingerprint is null)
            throw new StageFailedException($"[{stage.Name}] cannot run: {string.Join("; ", check.Reasons)}");
        if (check.State == StageState.UpToDate)
        {
            _log($"[{stage.Name}] up to date");
            return StageOutcome.Skipped;
        }
        if (check.State == StageState.Restorable && TryRestore(stage, check.Fingerprint))
            return StageOutcome.Restored;

        Execute(stage, check.Fingerprint, string.Join("; ", check.Reasons));
        return StageOutcome.Ran;
    }

    /// <summary>Saves what was learned about file hashes; call once at the end of a runner invocation.</summary>
    public void Flush() => _stats.Save();

    private void Execute(IStage stage, StageFingerprint fingerprint, string why)
    {
        _log($"[{stage.Name}] running: {why}");
        var scratch = Path.Combine(_paths.Scratch, $"{stage.Name}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var clock = Stopwatch.StartNew();
            try
            {
                stage.Run(new StageContext(_paths, scratch, line => _log($"[{stage.Name}] {line}"), _stop.Token));
            }
            catch (Exception e) when (!_stop.Token.IsCancellationRequested)
            {
                throw new StageFailedException($"[{stage.Name}] failed: {e.Message}", e);
            }
            var seconds = clock.Elapsed.TotalSeconds;

            foreach (var o in stage.Outs)
                if (!File.Exists(Path.Combine(scratch, o)) && !Directory.Exists(Path.Combine(scratch, o)))
                    throw new StageFailedException($"[{stage.Name}] finished without writing its declared output {o}");

            // Inputs are hashed before the run and re-checked now: an input edited while the stage
            // ran must not be recorded as the input of these outputs (treeverse/dvc#11058).
            var after = HashPaths(stage.Deps);
            var changed = fingerprint.Deps.Except(after).Select(f => f.Path).Distinct().ToList();
            if (changed.Count > 0)
                throw new StageFailedException($"[{stage.Name}] input changed while the stage ran: {string.Join(", ", changed)}; outputs discarded, run again");

            var outs = stage.Outs.SelectMany(o => FilesUnder(scratch, o)).ToList();
            var key = fingerprint.Key();
            _stop.Uninterruptible(() =>
            {
                foreach (var file in outs) StoreObject(Path.Combine(scratch, file.Path), file.Hash);
                AtomicFile.WriteAllText(RunEntryPath(key), JsonSerializer.Serialize(new RunCacheEntry(key, stage.Name, outs, seconds), LockJson.Options));
                Publish(stage, scratch, outs);
                RecordLock(stage, fingerprint, outs, seconds, "run");
            });
            _log($"[{stage.Name}] done in {seconds:0.0} s; {outs.Count} output file(s) cached under key {key[..12]}");
        }
        finally
        {
            DeleteQuietly(scratch);
        }
    }

    private bool TryRestore(IStage stage, StageFingerprint fingerprint)
    {
        var key = fingerprint.Key();
        var entryPath = RunEntryPath(key);
        var entry = RunCache.ReadEntry(entryPath);

        // Verify every object before trusting the entry: a killed or tampered cache is recomputed.
        var problem = entry is null ? "the entry itself is unreadable" : null;
        foreach (var file in entry?.Outs ?? [])
        {
            if (problem is not null) break;
            var obj = ObjectPath(file.Hash);
            if (!File.Exists(obj)) problem = $"object for {file.Path} is missing";
            else if (ContentHash.OfFile(obj) != file.Hash)
            {
                problem = $"object for {file.Path} does not match its hash";
                File.Delete(obj); // never kept: the recomputation stores a good copy
            }
        }
        if (problem is not null)
        {
            _log($"[{stage.Name}] run-cache entry {key[..12]} is corrupted ({problem}); discarding it and recomputing");
            File.Delete(entryPath);
            return false;
        }

        var scratch = Path.Combine(_paths.Scratch, $"{stage.Name}-restore-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in entry!.Outs)
            {
                var target = Path.Combine(scratch, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(ObjectPath(file.Hash), target);
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
            DeleteQuietly(scratch);
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
            DeleteQuietly(aside);
        }
        foreach (var f in files) _stats.Remember(_paths.Full(f.Path), f.Hash);
    }

    private void RecordLock(IStage stage, StageFingerprint fingerprint, IReadOnlyList<HashedFile> outs, double seconds, string origin)
    {
        var lockFile = LockFile.Load(_paths.LockFile);
        lockFile.Stages[stage.Name] = new LockEntry(fingerprint.Key(), fingerprint, outs, seconds, _profile, DateTimeOffset.UtcNow, origin);
        lockFile.Save(_paths.LockFile);
        _stats.Save();
        _checks.Remove(stage.Name);
    }

    private StageFingerprint Fingerprint(IStage stage)
    {
        var slice = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var section in stage.ParamSections)
        {
            if (!_params.TryGetPropertyValue(section, out var node))
                throw new InvalidOperationException($"stage '{stage.Name}' reads params section '{section}', which params.json does not have");
            slice[section] = node?.DeepClone();
        }
        return new StageFingerprint(stage.Name, slice, HashPaths(stage.Deps), HashPaths(stage.Code), stage.Outs, ReproducibleMath.Recorded());
    }

    private List<HashedFile> HashPaths(IEnumerable<string> relatives)
    {
        var result = new List<HashedFile>();
        foreach (var rel in relatives)
        {
            var full = _paths.Full(rel);
            if (File.Exists(full))
                result.Add(new HashedFile(rel, _stats.HashOf(full), new FileInfo(full).Length));
            else if (Directory.Exists(full))
                foreach (var file in EnumerateSourceFiles(full))
                    result.Add(new HashedFile(_paths.Relative(file), _stats.HashOf(file), new FileInfo(file).Length));
            else
                throw new StageFailedException($"{rel} does not exist");
        }
        return result;
    }

    private static IEnumerable<string> EnumerateSourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>The files of one declared output in <paramref name="root"/>, with repo-relative paths.</summary>
    private static IEnumerable<HashedFile> FilesUnder(string root, string output)
    {
        var full = Path.Combine(root, output);
        if (File.Exists(full))
        {
            yield return new HashedFile(output, ContentHash.OfFile(full), new FileInfo(full).Length);
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return new HashedFile($"{output}/{Path.GetRelativePath(full, file).Replace('\\', '/')}", ContentHash.OfFile(file), new FileInfo(file).Length);
    }

    private List<string> WorkspaceOutputProblems(IReadOnlyList<HashedFile> recorded, IReadOnlyList<string> declared)
    {
        var problems = new List<string>();
        foreach (var o in declared)
        {
            var full = _paths.Full(o);
            if (!File.Exists(full) && !Directory.Exists(full)) problems.Add($"output {o} is missing");
        }
        foreach (var f in recorded)
        {
            var full = _paths.Full(f.Path);
            if (!File.Exists(full)) problems.Add($"output {f.Path} is missing");
            else if (_stats.HashOf(full) != f.Hash) problems.Add($"output {f.Path} was modified");
        }
        foreach (var o in declared.Where(o => Directory.Exists(_paths.Full(o))))
        {
            var extra = EnumerateSourceFiles(_paths.Full(o)).Select(_paths.Relative).Except(recorded.Select(f => f.Path)).FirstOrDefault();
            if (extra is not null) problems.Add($"output folder {o} holds a file the stage did not write ({extra})");
        }
        return problems.Distinct().ToList();
    }

    private static List<string> Differences(StageFingerprint before, StageFingerprint now)
    {
        var reasons = new List<string>();
        foreach (var (path, oldValue, newValue) in ParamChanges(before.Params, now.Params))
            reasons.Add($"param {path} changed: {oldValue} -> {newValue}");
        reasons.AddRange(FileChanges("input", before.Deps, now.Deps));
        reasons.AddRange(FileChanges("code", before.Code, now.Code));
        if (!before.Outs.SequenceEqual(now.Outs)) reasons.Add("declared outputs changed");
        if (!Equivalent(before.Math, now.Math)) reasons.Add("reproducible-math pins changed");
        if (reasons.Count == 0) reasons.Add("stage definition changed");
        return reasons;
    }

    private static IEnumerable<string> FileChanges(string kind, IReadOnlyList<HashedFile> before, IReadOnlyList<HashedFile> now)
    {
        var old = before.ToDictionary(f => f.Path, f => f.Hash);
        var cur = now.ToDictionary(f => f.Path, f => f.Hash);
        foreach (var (path, hash) in cur)
            if (!old.TryGetValue(path, out var h)) yield return $"{kind} {path} added";
            else if (h != hash) yield return $"{kind} {path} changed";
        foreach (var path in old.Keys.Where(p => !cur.ContainsKey(p)))
            yield return $"{kind} {path} removed";
    }

    private static IEnumerable<(string Path, string Old, string New)> ParamChanges(
        IDictionary<string, JsonNode?> before, IDictionary<string, JsonNode?> now)
    {
        var oldFlat = Flatten(before);
        var newFlat = Flatten(now);
        foreach (var key in oldFlat.Keys.Union(newFlat.Keys).Order(StringComparer.Ordinal))
        {
            var o = oldFlat.GetValueOrDefault(key, "(absent)");
            var n = newFlat.GetValueOrDefault(key, "(absent)");
            if (o != n) yield return (key, o, n);
        }
    }

    /// <summary>Flattens JSON into dotted keys with their JSON text, e.g. "tetris_zoo.epochs" -> "75".</summary>
    public static SortedDictionary<string, string> Flatten(IEnumerable<KeyValuePair<string, JsonNode?>> sections)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(string prefix, JsonNode? node)
        {
            if (node is JsonObject obj)
                foreach (var (k, v) in obj) Walk(prefix.Length == 0 ? k : $"{prefix}.{k}", v);
            else
                result[prefix] = node?.ToJsonString() ?? "null";
        }
        foreach (var (k, v) in sections) Walk(k, v);
        return result;
    }

    private static bool Equivalent(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));

    private bool Exists(string relative) => File.Exists(_paths.Full(relative)) || Directory.Exists(_paths.Full(relative));

    private string RunEntryPath(string key) => RunCache.EntryPath(_paths, key);

    private string ObjectPath(string hash) => RunCache.ObjectPath(_paths, hash);

    private void StoreObject(string file, string hash)
    {
        var target = ObjectPath(hash);
        // An object already there is kept only if its content is right: a damaged one is replaced.
        if (File.Exists(target) && ContentHash.OfFile(target) == hash) return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = $"{target}.tmp-{Guid.NewGuid():N}";
        File.Copy(file, tmp);
        File.Move(tmp, target, overwrite: true);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // Scratch left behind is harmless: it is never read, and Clean removes it.
        }
    }
}
