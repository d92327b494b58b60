using WeightSpace.Core.Params;
using WeightSpace.Core.Pipeline;

namespace WeightSpace.Stages;

/// <summary>The runner's verbs: thin adapters from the command line to Core.Pipeline.</summary>
public static class Commands
{
    private static readonly string[] CommonOptions = ["root", "profile"];

    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "force", "dry-run", "wait");
        if (cli.Names.Count == 0) throw new UsageException("run: name at least one stage (see `stages`)");
        var (loaded, parameters) = LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        var dryRun = cli.Has("dry-run");
        UseTorch(parameters.Run);
        Action<string> log = ConsoleLog.Line;

        // A dry run only reads, so it needs no lock; everything else holds it before touching data/.
        using var mutex = dryRun ? null : PipelineMutex.Acquire(paths.RunMutex, TimeSpan.FromSeconds(cli.Get("wait", 600.0)), log);
        var runner = new StageRunner(paths, catalog, loaded.Sections, loaded.Profile, log);
        try
        {
            foreach (var name in cli.Names)
                runner.Run(runner.Find(name), cli.Forces(name), dryRun);
        }
        finally
        {
            runner.Flush();
        }
        return 0;
    }

    public static int Status(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli);
        var (loaded, parameters) = LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        var runner = new StageRunner(paths, catalog, loaded.Sections, loaded.Profile, _ => { });
        Console.WriteLine($"profile: {loaded.Profile}");
        var stale = 0;
        foreach (var stage in catalog)
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
        runner.Flush();
        Console.WriteLine(stale == 0 ? "everything is up to date" : $"{stale} stage(s) not up to date");
        return 0;
    }

    /// <summary>Prints the names of the stages that are up to date, one per line: lets Cake skip
    /// launching the runner once per stage on a no-op run.</summary>
    public static int UpToDate(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli);
        var (loaded, parameters) = LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        var runner = new StageRunner(paths, catalog, loaded.Sections, loaded.Profile, _ => { });
        foreach (var stage in catalog)
            if (runner.Check(stage).State == StageState.UpToDate)
                Console.WriteLine(stage.Name);
        runner.Flush();
        return 0;
    }

    public static int ListStages(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli);
        var (loaded, parameters) = LoadParams(paths, cli);
        foreach (var s in StageCatalog.Create(parameters, loaded.Profile))
        {
            Console.WriteLine($"{s.Name}: {s.Description}");
            Console.WriteLine($"  params: {string.Join(", ", s.ParamSections)}");
            Console.WriteLine($"  deps:   {string.Join(", ", s.Deps)}");
            Console.WriteLine($"  code:   {string.Join(", ", s.Code)}");
            Console.WriteLine($"  outs:   {string.Join(", ", s.Outs)}");
        }
        return 0;
    }

    public static int Clean(ProjectPaths paths, CommandLine cli)
    {
        RejectUnknown(cli, "cache");
        using var mutex = PipelineMutex.Acquire(paths.RunMutex, TimeSpan.FromSeconds(10), Console.WriteLine);
        var (loaded, parameters) = LoadParams(paths, cli);
        // Reports are committed files; Clean leaves them and removes only what lives under data/.
        var targets = StageCatalog.Create(parameters, loaded.Profile).SelectMany(s => s.Outs).Where(o => o.StartsWith("data/", StringComparison.Ordinal))
            .Append(paths.Relative(paths.Scratch)).Append(paths.Relative(paths.LockFile)).Append(paths.Relative(paths.StatCache));
        if (cli.Has("cache")) targets = targets.Append(paths.Relative(paths.Cache));
        foreach (var rel in targets.Distinct())
        {
            var full = paths.Full(rel);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            else if (File.Exists(full)) File.Delete(full);
            else continue;
            Console.WriteLine($"removed {rel}");
        }
        return 0;
    }

    public static int MetricsDiff(ProjectPaths paths, CommandLine cli) => Diffs.Metrics(paths, cli);

    public static int ParamsDiff(ProjectPaths paths, CommandLine cli) => Diffs.Params(paths, cli);

    internal static (LoadedParams Loaded, PipelineParams Value) LoadParams(ProjectPaths paths, CommandLine cli) =>
        ParamsFile.Load<PipelineParams>(paths.Params, cli.Get("profile"));

    /// <summary>Torch's thread count and device from params' run section, before any tensor exists.</summary>
    internal static void UseTorch(RunSettings run)
    {
        TorchSharp.torch.set_num_threads(run.Threads);
        Core.Training.Devices.Use(run.Device); // new tensors and modules live there
    }

    internal static void RejectUnknown(CommandLine cli, params string[] known)
    {
        var unknown = cli.Unknown([.. CommonOptions, .. known]).ToList();
        if (unknown.Count > 0) throw new UsageException($"{cli.Verb}: unknown option(s) {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}
