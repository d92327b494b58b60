using WeightSpace.Core.Torch;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>The runner's verbs: thin adapters from the command line to the pipeline engine (WeightSpace.Pipeline).</summary>
public static class Commands
{
    private static readonly string[] CommonOptions = ["root", "profile"];

    /// <summary>The stop request of the current `run`, for Main's exit code.</summary>
    internal static StopRequest? Stop { get; set; }

    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "force", "dry-run", "wait", "stop-with-parent", "verify");
        RejectValues(cli, "dry-run", "stop-with-parent", "verify");
        if (cli.Names.Count == 0) throw new UsageException("run: name at least one stage (see `stages`)");
        var wait = TimeSpan.FromSeconds(cli.Get("wait", 600.0, min: 0, max: MaxWaitSeconds));
        var (loaded, parameters) = LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        // Every stage named, to run or to force, must exist: before the lock, before anything runs.
        var stageNames = catalog.Select(e => e.Name).ToList();
        foreach (var name in cli.Names) RequireStage(cli, name, stageNames, "stage");
        if (cli.ForcedNames() is { } forced && forced is not ["all"])
            foreach (var name in forced) RequireStage(cli, name, stageNames, "stage in --force");
        var dryRun = cli.Has("dry-run");
        Action<string> log = ConsoleLog.Line;
        var stop = Stop = new StopRequest();
        using var signals = StopSignals.Install(paths, stop, cli.Has("stop-with-parent"), log);

        // A dry run only reads, so it needs no lock; everything else holds it before touching data/.
        using var mutex = dryRun ? null : PipelineMutex.Acquire(paths.RunMutex, wait, log, stop.Token);
        // Holding the lock, nothing else uses scratch: what is there was left by a killed run.
        if (!dryRun && Leftovers.RemoveLeftovers(paths, catalog.SelectMany(e => e.Stage.Outs)) is > 0 and var leftovers)
            log($"removed {leftovers} leftover(s) of an interrupted run (scratch, unfinished writes)");
        var runner = NewRunner(paths, catalog, loaded, parameters, log, stop, cli.Has("verify"));
        try
        {
            // Loading libtorch costs about a second: a run where everything is up to date skips it.
            var stages = cli.Names.SelectMany(name => runner.WithUpstream(runner.Find(name))).Distinct();
            if (!dryRun && stages.Any(s => cli.Forces(s.Name) || runner.Check(s).State != StageState.UpToDate))
                UseTorch(parameters.Get<RunSettings>());
            // Each named stage with its upstream, in dependency order: `run report` runs whatever is stale.
            foreach (var name in cli.Names)
                runner.Run(runner.Find(name), cli.Forces, dryRun);
        }
        catch
        {
            // The caches (stat, code sets) are only caches: failing to save them after a failure
            // (a full disk) must not hide the error that stopped the run.
            runner.FlushIfPossible();
            throw;
        }
        runner.Flush();
        return 0;
    }

    /// <summary>Every runner of this program records the same math variables and thread count (<see cref="ReproducibleMath"/>),
    /// so `status` judges stages by the key `run` gives them.</summary>
    /// <param name="verify">--verify: re-hash every input and output instead of trusting the stat cache.</param>
    public static StageRunner NewRunner(ProjectPaths paths, IReadOnlyList<CatalogEntry> catalog, LoadedParams loaded, PipelineParams parameters, Action<string> log, StopRequest? stop = null, bool verify = false) =>
        new(paths, catalog, loaded.Sections, loaded.Profile, log, stop: stop, pins: ReproducibleMath.Recorded(parameters.Get<RunSettings>().Threads), verify: verify);

    public static int Status(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "verify");
        var (loaded, parameters) = LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        // Warnings and "hashing a large file" progress go to stderr; the table to stdout.
        var verify = cli.Has("verify");
        var runner = NewRunner(paths, catalog, loaded, parameters, Console.Error.WriteLine, verify: verify);
        Console.WriteLine($"profile: {loaded.Profile}");
        // While a run holds the data folder its outputs are changing: say so rather than report a snapshot as settled.
        var running = PipelineMutex.Holder(paths.RunMutex);
        if (running is not null) Console.WriteLine($"a run is in progress ({running}); the states below are a snapshot");
        var stale = 0;
        foreach (var stage in catalog.Select(e => e.Stage))
        {
            var check = runner.Check(stage);
            var state = check.State switch
            {
                StageState.UpToDate => "up to date",
                StageState.Restorable => "restorable",
                _ => "must run",
            };
            if (check.State != StageState.UpToDate) stale++;
            Console.WriteLine($"  {stage.Name,-22} {state,-11} {string.Join("; ", check.Reasons)}");
        }
        SlurmWatch.PrintStatus(paths); // the jobs of the last `--executor=slurm` submission, if there was one
        if (running is not null)
        {
            Console.WriteLine($"a run is in progress ({running}); {stale} stage(s) not up to date yet");
            return 0;
        }
        // A read-only data/ still gets its status: the stat cache is then not saved (one line on stderr).
        if (runner.FlushIfPossible() is { } unsaved)
            Console.Error.WriteLine($"note: a cache was not saved, so the next run or status re-hashes what it would have remembered: {unsaved}");
        Console.WriteLine(verify
            ? $"--verify: every input and output was re-hashed in full ({runner.FilesHashed} file(s)); the stat cache was not trusted"
            : runner.FilesTrusted > 0
                ? $"the stat cache was trusted for {runner.FilesTrusted} file(s) (same size, mtime and inode: not re-read); an in-place edit keeping all three is seen only with --verify"
                : "the stat cache was not needed: every file was read");
        Console.WriteLine(stale == 0 ? "everything is up to date" : $"{stale} stage(s) not up to date");
        return 0;
    }

    /// <summary>`stages`: each stage's params sections, inputs, derived code set and outputs;
    /// `--graph`: the drawing in the README; `--docs`: writes that drawing and docs/stages.md's table of stages
    /// (see <see cref="GeneratedDocs"/>); `--names`: name and description per line (Cake makes its tasks from it).</summary>
    public static int ListStages(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "graph", "names", "docs");
        RejectValues(cli, "graph", "names", "docs");
        var (loaded, parameters) = LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        var runner = NewRunner(paths, catalog, loaded, parameters, _ => { });
        if (cli.Has("docs"))
        {
            var changed = GeneratedDocs.Write(paths, StageGraph.Draw(catalog.Select(e => e.Stage).ToList(), runner.Upstream),
                GeneratedDocs.StageTable(catalog, runner.Upstream));
            Console.WriteLine(changed.Count == 0 ? "README.md and docs/stages.md: the stage graph and table are current" : $"rewrote the generated block of {string.Join(" and ", changed)}");
            return 0;
        }
        if (cli.Has("graph"))
        {
            Console.Write(StageGraph.Draw(catalog.Select(e => e.Stage).ToList(), runner.Upstream));
            return 0;
        }
        if (cli.Has("names"))
        {
            foreach (var e in catalog) Console.WriteLine($"{e.Name}\t{e.Stage.Description}");
            return 0;
        }
        var code = DerivedCode.For(paths, catalog.Select(e => e.Stage));
        foreach (var e in catalog)
        {
            var s = e.Stage;
            var files = code.Files(s);
            Console.WriteLine($"{s.Name}: {s.Description}");
            Console.WriteLine($"  upstream: {string.Join(", ", runner.Upstream(s).Select(u => u.Name))}");
            Console.WriteLine($"  params:   {string.Join(", ", e.ParamSections)}");
            Console.WriteLine($"  deps:     {string.Join(", ", s.Deps)}");
            Console.WriteLine($"  code:     {files.Count} files, {files.Sum(f => f.Size)} members reached, plus {string.Join(", ", code.BuildFiles)}");
            foreach (var f in files) Console.WriteLine($"            {f.Path} ({f.Size})");
            Console.WriteLine($"  outs:     {string.Join(", ", s.Outs)}");
        }
        code.Save();
        return 0;
    }

    public static int Clean(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "cache");
        RejectValues(cli, "cache");
        using var mutex = PipelineMutex.Acquire(paths.RunMutex, TimeSpan.FromSeconds(10), Console.WriteLine);
        var (loaded, parameters) = LoadParams(paths, cli);
        // Reports are committed files; Clean leaves them and removes only what lives under data/.
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        var stageOuts = catalog.SelectMany(s => s.Stage.Outs).Where(o => o.StartsWith("data/", StringComparison.Ordinal)).ToList();
        // A stage owns only the files it wrote: a user's file in an output folder (a downloaded zoo
        // kept where the generated one goes) is kept, and the stage's own files around it removed.
        var runner = NewRunner(paths, catalog, loaded, parameters, Console.Error.WriteLine);
        var foreign = catalog.SelectMany(e => runner.ForeignOutputFiles(e.Stage)).ToHashSet(StringComparer.Ordinal);
        var targets = stageOuts.Append(paths.Relative(paths.Scratch)).Append(paths.Relative(paths.LockFile)).Append(paths.Relative(paths.StatCache));
        if (cli.Has("cache")) targets = targets.Append(paths.Relative(paths.Cache));
        foreach (var rel in targets.Distinct())
        {
            var full = paths.Full(rel);
            var kept = foreign.Where(f => f.StartsWith(rel + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (kept.Count > 0)
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }; // links are never followed
                foreach (var file in Directory.EnumerateFiles(full, "*", options).Where(f => !kept.Contains(paths.Relative(f))))
                    File.Delete(file);
                Console.WriteLine($"removed the stage's files in {rel}; kept {kept.Count} file(s) no stage wrote: {string.Join(", ", kept)}");
                continue;
            }
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            else if (File.Exists(full)) File.Delete(full);
            else continue;
            Console.WriteLine($"removed {rel}");
        }
        return 0;
    }

    /// <summary>Verifies every run-cache entry and object; exit 1 if any is damaged.</summary>
    public static int CacheCheck(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "wait");
        using var mutex = PipelineMutex.Acquire(paths.RunMutex, TimeSpan.FromSeconds(cli.Get("wait", 600.0, min: 0, max: MaxWaitSeconds)), Console.WriteLine);
        var result = WeightSpace.Pipeline.CacheCheck.Run(paths);
        foreach (var problem in result.Problems) Console.WriteLine($"damaged: {problem}");
        Console.WriteLine($"{result.Entries} run-cache entries, {result.ObjectsVerified} objects verified, {result.Problems.Count} problem(s)");
        return result.Problems.Count == 0 ? 0 : 1;
    }

    public static int MetricsDiff(ProjectPaths paths, CommandLine cli) => Diffs.Metrics(paths, cli);

    public static int ParamsDiff(ProjectPaths paths, CommandLine cli) => Diffs.Params(paths, cli);

    /// <summary>Loads params and sets the native thread-count variables to run.threads (<see cref="ReproducibleMath.UseThreads"/>):
    /// verbs load params before anything touches libtorch, whose OpenMP runtime reads them once.</summary>
    public static (LoadedParams Loaded, PipelineParams Value) LoadParams(ProjectPaths paths, CommandLine cli)
    {
        var (loaded, value) = PipelineParams.Load(paths.Params, Profile(cli));
        ReproducibleMath.UseThreads(value.Get<RunSettings>().Threads);
        return (loaded, value);
    }

    /// <summary>The longest --wait: a week. Longer is a mistake (1e308 seconds overflows a TimeSpan).</summary>
    public const double MaxWaitSeconds = 7 * 24 * 3600;

    /// <summary>--profile's name, null when absent; a name that cannot name a report folder ("../x", "tables") is a usage error.</summary>
    public static string? Profile(CommandLine cli)
    {
        if (cli.Get("profile") is not { } profile)
            return cli.Has("profile") ? throw new UsageException($"{cli.Verb}: --profile needs a value (--profile=NAME)") : null;
        try
        {
            Artifacts.ReportFolder(profile);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{cli.Verb}: --profile={profile}: {e.Message}");
        }
        return profile;
    }

    /// <summary>Torch's thread count and device from params' run section, before any tensor exists.</summary>
    public static void UseTorch(RunSettings run)
    {
        TorchSharp.torch.set_num_threads(run.Threads);
        try
        {
            Core.Torch.Devices.Use(run.Device); // new tensors and modules live there
        }
        catch (InvalidOperationException e) when (run.Device == "cuda")
        {
            throw new ParamsException($"params.json: run.device is \"cuda\" but no CUDA device is available ({e.Message})");
        }
    }

    /// <summary>Any option outside <see cref="CommonOptions"/> and <paramref name="known"/> is a usage error naming it and the closest known option.</summary>
    public static void RejectUnknown(CommandLine cli, params string[] known)
    {
        string[] all = [.. CommonOptions, .. known];
        if (cli.Unknown(all).FirstOrDefault() is { } unknown)
            throw new UsageException($"{cli.Verb}: {CommandLine.NotKnown("option", unknown, all, "--")}");
    }

    /// <summary>Flags take no value: --dry-run=no must not mean yes.</summary>
    public static void RejectValues(CommandLine cli, params string[] flags)
    {
        foreach (var flag in flags)
            if (cli.Get(flag) is { } value) throw new UsageException($"{cli.Verb}: --{flag} takes no value (got --{flag}={value})");
    }

    private static void RequireStage(CommandLine cli, string name, IReadOnlyList<string> stages, string what)
    {
        if (!stages.Contains(name)) throw new UsageException($"{cli.Verb}: {CommandLine.NotKnown(what, name, stages)}");
    }
}
