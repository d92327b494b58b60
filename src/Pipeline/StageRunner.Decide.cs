namespace WeightSpace.Pipeline;

/// <summary>Deciding: is a stage up to date, restorable from the run-cache, or must it run, and why.</summary>
public sealed partial class StageRunner
{
    /// <summary>Whether the stage is up to date, restorable or must run, and why.</summary>
    public StageCheck Check(IStage stage, bool force = false)
    {
        if (!force && _checks.TryGetValue(stage.Name, out var known)) return known;
        var check = Decide(stage, force);
        if (!force) _checks[stage.Name] = check;
        return check;
    }

    /// <summary>The stage's key inputs: params slice, input hashes, derived code hashes, output names.</summary>
    public StageFingerprint Fingerprint(IStage stage) => Fingerprint(stage, HashDeps(stage));

    private StageFingerprint Fingerprint(IStage stage, IReadOnlyList<HashedFile> deps)
    {
        var slice = new SortedDictionary<string, System.Text.Json.Nodes.JsonNode?>(StringComparer.Ordinal);
        foreach (var section in Entry(stage).ParamSections)
        {
            if (!_params.TryGetPropertyValue(section, out var node))
                throw new InvalidOperationException($"stage '{stage.Name}' reads params section '{section}', which params.json does not have");
            slice[section] = node?.DeepClone();
        }
        if (Entry(stage).Arguments.OfType<RunProfile>().FirstOrDefault() is { } profile)
            slice["(profile)"] = System.Text.Json.Nodes.JsonValue.Create(profile.Name);
        var buildFiles = _code.BuildFiles.Where(f => File.Exists(_paths.Full(f)));
        return new StageFingerprint(stage.Name, slice, deps, [.. _code.Files(stage), .. HashPaths(buildFiles)], stage.Outs, _pins);
    }

    private StageCheck Decide(IStage stage, bool force)
    {
        // An upstream stage that will change its outputs makes this one's inputs unknown until it runs.
        // An upstream stage that will restore from the run-cache writes the files its entry lists:
        // those are this stage's inputs, so its key is known before anything is restored.
        var pending = new List<string>();
        var deps = new List<HashedFile>();
        foreach (var dep in stage.Deps)
        {
            var producer = ProducerOf(dep);
            var upstream = producer is not null && producer != stage ? Check(producer) : null;
            if (upstream is not null && upstream.State != StageState.UpToDate)
            {
                if (upstream is { State: StageState.Restorable, Fingerprint: { } planned } && _runs.Peek(planned.Key()) is { } entry)
                    deps.AddRange(Restored(entry, dep, stage.FilesRead(dep)));
                else
                    pending.Add($"upstream stage '{producer!.Name}' runs first (it writes {dep})");
            }
            else if (!Exists(dep))
                pending.Add(producer is null ? $"input {dep} is missing and no stage writes it" : $"input {dep} is missing (written by stage '{producer.Name}')");
            else
                deps.AddRange(HashPaths([dep], stage.FilesRead));
        }
        if (pending.Count > 0) return new StageCheck(stage, StageState.MustRun, pending.Distinct().ToList(), null);

        var fingerprint = Fingerprint(stage, deps);
        var key = fingerprint.Key();
        if (force) return new StageCheck(stage, StageState.MustRun, ["forced (--force)"], fingerprint);

        var locked = Lock.Stages.GetValueOrDefault(stage.Name);
        var reasons = locked is null ? ["never run"] : FingerprintDiff.Reasons(locked.Fingerprint, fingerprint);
        if (locked is not null && locked.Key == key)
        {
            var outReasons = WorkspaceOutputProblems(locked.Outs, stage.Outs);
            if (outReasons.Count == 0) return new StageCheck(stage, StageState.UpToDate, [], fingerprint);
            reasons = outReasons;
        }
        if (_runs.Has(key))
            return new StageCheck(stage, StageState.Restorable, [.. reasons, $"outputs for key {key[..12]} are in the run-cache"], fingerprint);
        return new StageCheck(stage, StageState.MustRun, reasons, fingerprint);
    }

    /// <summary>The files of <paramref name="dep"/> (a file, or a folder and the files read there) that a restore of <paramref name="entry"/> writes, as <see cref="HashPaths"/> would list them.</summary>
    private static IEnumerable<HashedFile> Restored(RunCacheEntry entry, string dep, IReadOnlySet<string>? filesRead) =>
        entry.Outs.Where(f => f.Path == dep || (f.Path.StartsWith(dep + "/", StringComparison.Ordinal) && (filesRead is null || filesRead.Contains(Path.GetFileName(f.Path)))))
            .OrderBy(f => f.Path, StringComparer.Ordinal);

    /// <summary>The stage's inputs, hashed: each file it declares, and in a folder the files it reads there.</summary>
    private List<HashedFile> HashDeps(IStage stage) => HashPaths(stage.Deps, stage.FilesRead);

    private List<HashedFile> HashPaths(IEnumerable<string> relatives, Func<string, IReadOnlySet<string>?>? filesRead = null)
    {
        var result = new List<HashedFile>();
        foreach (var rel in relatives)
        {
            var full = _paths.Full(rel);
            if (File.Exists(full))
                result.Add(new HashedFile(rel, _stats.HashOf(full), new FileInfo(full).Length));
            else if (Directory.Exists(full))
                foreach (var file in WorkspaceFiles.Under(full, filesRead?.Invoke(rel)))
                    result.Add(new HashedFile(_paths.Relative(file), _stats.HashOf(file), new FileInfo(file).Length));
            else
                throw new StageFailedException($"{rel} does not exist");
        }
        return result;
    }

    private List<string> WorkspaceOutputProblems(IReadOnlyList<HashedFile> recorded, IReadOnlyList<string> declared)
    {
        var problems = new List<string>();
        foreach (var o in declared)
            if (!Exists(o)) problems.Add($"output {o} is missing");
        foreach (var f in recorded)
        {
            var full = _paths.Full(f.Path);
            if (!File.Exists(full)) problems.Add($"output {f.Path} is missing");
            else if (_stats.HashOf(full) != f.Hash) problems.Add($"output {f.Path} was modified");
        }
        foreach (var o in declared.Where(o => Directory.Exists(_paths.Full(o))))
        {
            var extra = WorkspaceFiles.Under(_paths.Full(o)).Select(_paths.Relative).Except(recorded.Select(f => f.Path)).FirstOrDefault();
            if (extra is not null) problems.Add($"output folder {o} holds a file the stage did not write ({extra})");
        }
        return problems.Distinct().ToList();
    }

    private bool Exists(string relative) => File.Exists(_paths.Full(relative)) || Directory.Exists(_paths.Full(relative));
}
