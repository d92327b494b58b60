using System.Text.Json.Nodes;

namespace WeightSpace.Pipeline;

/// <summary>
/// Brings stages up to date (anchor: `dvc repro`), upstream first. The catalog is the graph: a
/// stage reads what an earlier stage declares among its outputs. A stage's key hashes its params
/// slice, input hashes, derived code hashes and output names (StageRunner.Decide.cs); an up-to-date
/// stage is skipped, a key seen before is restored from the verified run-cache
/// (StageRunner.Restore.cs), anything else runs into scratch and is published only if it succeeds
/// (StageRunner.Execute.cs). The caller holds the <see cref="PipelineMutex"/>.
/// </summary>
public sealed partial class StageRunner
{
    private readonly ProjectPaths _paths;
    private readonly IReadOnlyList<CatalogEntry> _catalog;
    private readonly JsonObject _params;
    private readonly string _profile;
    private readonly Action<string> _log;
    private readonly StatCache _stats;
    private readonly ICodeDependencies _code;
    private readonly ObjectStore _objects;
    private readonly RunCache _runs;
    private readonly Dictionary<string, StageCheck> _checks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly StopRequest _stop;
    private readonly IReadOnlyDictionary<string, string>? _pins;
    private LockFile? _lock;

    /// <summary>
    /// Other runners publish into the same data folder at the same time (cluster jobs holding the
    /// <see cref="PipelineMutex"/> shared, each for its own stage): the lock file is then re-read and
    /// updated entry by entry (<see cref="LockFile.Update"/>) instead of rewritten from this runner's copy.
    /// </summary>
    public bool SharedDataFolder { get; set; }

    /// <summary>
    /// Computes a stage's outputs another way than its own Run, into the same scratch (a CNN zoo merged
    /// from shards trained by a job array): called with the stage, its key and the context; true when it
    /// wrote the outputs, false to run the stage as usual. The outputs are checked, stored and published
    /// under the stage's key like the stage's own, so they must be the bytes its Run would write.
    /// </summary>
    public Func<IStage, string, StageContext, bool>? RunInstead { get; set; }

    /// <summary>Files whose hash the stat cache could not answer, so were read in full, since this runner started (0 on a no-op run).</summary>
    public int FilesHashed => _stats.FilesHashed;

    /// <summary>Files whose hash the stat cache answered from size, mtime and inode without reading them (0 with verify).</summary>
    public int FilesTrusted => _stats.FilesTrusted;

    /// <param name="stop">Signals and the like ask the runner to stop through this (none: never stopped).</param>
    /// <param name="pins">What the host pinned in the process environment before anything ran (e.g. the
    /// math libraries' code paths): part of every stage's key and recorded in the lock file, so a
    /// change re-runs. Every runner of one host must pass the same pins, or each sees the other's
    /// stages as changed.</param>
    /// <param name="verify">Re-hash every input and output in full instead of trusting the stat cache
    /// (an in-place edit that kept size, mtime and inode is then seen).</param>
    public StageRunner(ProjectPaths paths, IReadOnlyList<CatalogEntry> catalog, JsonObject parameters, string profile, Action<string> log,
        ICodeDependencies? code = null, StopRequest? stop = null, IReadOnlyDictionary<string, string>? pins = null, bool verify = false)
    {
        _stop = stop ?? new StopRequest();
        _pins = pins;
        _paths = paths;
        _catalog = catalog;
        _params = parameters;
        _profile = profile;
        _log = log;
        _stats = StatCache.Load(paths.StatCache, verify);
        _stats.Progress = log;
        _code = code ?? DerivedCode.For(paths, catalog.Select(e => e.Stage));
        _objects = new ObjectStore(paths.Objects);
        _runs = new RunCache(paths.Runs, _objects);
        for (var i = 0; i < catalog.Count; i++)
            foreach (var up in Upstream(catalog[i].Stage).Where(u => IndexOf(u) > i))
                throw new InvalidOperationException($"stage catalog: '{catalog[i].Name}' reads an output of '{up.Name}', which is listed after it");
    }

    public IStage Find(string name) =>
        _catalog.FirstOrDefault(s => s.Name == name)?.Stage
        ?? throw new ArgumentException($"unknown stage '{name}'; stages are: {string.Join(", ", _catalog.Select(s => s.Name))}");

    /// <summary>The stage that declares <paramref name="path"/> (or a folder holding it) as an output.</summary>
    public IStage? ProducerOf(string path) =>
        _catalog.FirstOrDefault(s => s.Stage.Outs.Any(o => path == o || path.StartsWith(o + "/", StringComparison.Ordinal)))?.Stage;

    /// <summary>The stages whose outputs <paramref name="stage"/> reads directly: the graph's edges.</summary>
    public IReadOnlyList<IStage> Upstream(IStage stage) =>
        stage.Deps.Select(ProducerOf).OfType<IStage>().Where(p => p != stage).Distinct().ToList();

    /// <summary>The stage and everything upstream of it, in catalog (dependency) order.</summary>
    public IReadOnlyList<IStage> WithUpstream(IStage stage)
    {
        var needed = new HashSet<IStage>();
        void Visit(IStage s)
        {
            if (needed.Add(s)) foreach (var up in Upstream(s)) Visit(up);
        }
        Visit(stage);
        return _catalog.Select(e => e.Stage).Where(needed.Contains).ToList();
    }

    /// <summary>Brings the stage and its upstream up to date; only this stage is forced by <paramref name="force"/>.</summary>
    public StageOutcome Run(IStage stage, bool force = false, bool dryRun = false) =>
        Run(stage, name => force && name == stage.Name, dryRun);

    /// <summary>Brings the stage and, first, every stage upstream of it up to date (skip, restore or run each).</summary>
    public StageOutcome Run(IStage stage, Func<string, bool> forces, bool dryRun = false)
    {
        var outcome = StageOutcome.Skipped;
        foreach (var s in WithUpstream(stage))
            outcome = RunOne(s, forces(s.Name), dryRun);
        return outcome;
    }

    /// <summary>Saves what was learned about file hashes and code sets; call once at the end of a runner invocation.</summary>
    public void Flush()
    {
        _stats.Save();
        _code.Save();
    }

    /// <summary>
    /// <see cref="Flush"/> for a caller that only read (status) or has already failed: the caches are
    /// only caches, so a folder that cannot take them (read-only, full) costs re-hashing next time,
    /// not the answer. Returns null, or what could not be saved and why.
    /// </summary>
    public string? FlushIfPossible()
    {
        var problems = new List<string>();
        foreach (var save in new Action[] { _stats.Save, _code.Save })
        {
            try
            {
                save();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(e.Message);
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>The lock file, read once per runner (a damaged entry is reported once, then dropped).</summary>
    private LockFile Lock => _lock ??= LockFile.Load(_paths.LockFile, _log);

    private int IndexOf(IStage stage) => _catalog.Select(e => e.Stage).ToList().IndexOf(stage);

    private CatalogEntry Entry(IStage stage) => _catalog.First(e => e.Stage == stage);
}
