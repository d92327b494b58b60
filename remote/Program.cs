using WeightSpace.Core.Torch;
using WeightSpace.Pipeline;
using WeightSpace.Stages;

namespace WeightSpace.Remote;

/// <summary>
/// The cache-remote program: `WeightSpace.Remote pull|push [STAGE...] [--remote=DIR|s3://bucket/prefix]
/// [--profile=NAME] [--root=DIR] [--wait=SECONDS] [--after-run]`. Cake's Pull and Push targets call
/// it, and a stage target (Report) with a remote before and (with --push) after the stage runner. No
/// stage named: every stage of the graph. Exit codes and one-line errors as the stage runner's; a
/// remote that cannot be reached is a warning (exit 0) for a pull and for a push after a run, an
/// error (exit 1) for a push asked for on its own.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Error);

    /// <summary>Runs one verb; tests call this in-process with their own writer.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        ReproducibleMath.Apply(); // as in the stage runner: the pins are part of every key
        return Stages.Program.Guarded(error, () =>
        {
            var cli = CommandLine.Parse(args);
            return cli.Verb switch
            {
                "pull" or "push" => Transfer(Stages.Program.PathsOf(cli), cli, error),
                var verb => throw new UsageException(CommandLine.NotKnown("verb", verb, ["pull", "push"])),
            };
        });
    }

    private static int Transfer(ProjectPaths paths, CommandLine cli, TextWriter error)
    {
        Commands.RejectUnknown(cli, "remote", "wait", "after-run");
        Commands.RejectValues(cli, "after-run");
        var pull = cli.Verb == "pull";
        var wait = TimeSpan.FromSeconds(cli.Get("wait", 600.0, min: 0, max: Commands.MaxWaitSeconds));
        var (loaded, parameters) = Commands.LoadParams(paths, cli);
        var remote = CacheRemotes.Open(cli.Get("remote"), parameters.Get<CacheSettings>(), cli.Verb);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        var names = catalog.Select(e => e.Name).ToList();
        foreach (var name in cli.Names.Where(n => !names.Contains(n)))
            throw new UsageException($"{cli.Verb}: {CommandLine.NotKnown("stage", name, names)}");

        Action<string> log = ConsoleLog.Line;
        using var mutex = PipelineMutex.Acquire(paths.RunMutex, wait, log);
        var runner = Commands.NewRunner(paths, catalog, loaded, parameters, log);
        var stages = (cli.Names.Count > 0 ? cli.Names : names).SelectMany(n => runner.WithUpstream(runner.Find(n))).Distinct().ToList();
        try
        {
            var moved = pull ? runner.Pull(remote, stages) : runner.Push(remote, stages);
            log(pull
                ? $"pulled {moved.Entries} run-cache entr{(moved.Entries == 1 ? "y" : "ies")}, {moved.Objects} object(s), {StageRunner.Bytes(moved.Bytes)} from {remote.Name}; {moved.Skipped} stage(s) to compute are not on the remote"
                : $"pushed {moved.Entries} run-cache entr{(moved.Entries == 1 ? "y" : "ies")}, {moved.Objects} object(s), {StageRunner.Bytes(moved.Bytes)} to {remote.Name}; {moved.Skipped} entr{(moved.Skipped == 1 ? "y was" : "ies were")} there already");
        }
        catch (CacheRemoteException e)
        {
            if (!pull && !cli.Has("after-run"))
            {
                error.WriteLine($"error: {e.Message}; nothing more was pushed");
                return 1;
            }
            error.WriteLine($"warning: {e.Message}; {(pull ? "the run computes locally" : "nothing more was pushed (the local cache keeps it)")}");
        }
        finally
        {
            (remote as IDisposable)?.Dispose();
        }
        runner.Flush();
        return 0;
    }
}
