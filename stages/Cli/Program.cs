using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Torch;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// The stage runner: what every Cake task calls. Verbs: run, status, stages, clean,
/// metrics-diff, params-diff. Exit codes: 0 ok, 1 a stage failed, 2 bad params or usage,
/// 3 another run holds the data folder.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var code = Run(args, Console.Error);
        // After a stop the process leaves without exit handlers, as the grace thread does: a stage
        // that finished just after the signal still has libtorch's threads about, and its static
        // destructors under them can crash or hang the exit (seen: a runner alive 20 s after Cake).
        if (Commands.Stop is { Requested: true }) StopRequest.ExitNow(code);
        return code;
    }

    /// <summary>
    /// Runs one verb; every expected failure (bad params, bad data, a file that cannot be read)
    /// becomes one line on <paramref name="error"/> and an exit code, never a stack trace unless
    /// WEIGHTSPACE_TRACE=1. Tests call this in-process with their own writer.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        ReproducibleMath.Apply(); // before anything loads libtorch; the verbs set the thread count when they load params (Commands.LoadParams)
        NativeHeap.KeepFreedMemory();
        return Guarded(error, () =>
        {
            var cli = CommandLine.Parse(args);
            var paths = PathsOf(cli);
            return cli.Verb switch
            {
                "run" => Commands.Run(paths, cli),
                "status" => Commands.Status(paths, cli),
                "stages" => Commands.ListStages(paths, cli),
                "embed" => EmbedCommand.Run(paths, cli),
                "cnn-shard" => CnnShardCommands.Shard(paths, cli),
                "cnn-merge" => CnnShardCommands.Merge(paths, cli),
                "slurm-submit" => SlurmSubmit.Run(paths, cli),
                "slurm-job" => SlurmJobCommand.Run(paths, cli),
                "clean" => Commands.Clean(paths, cli),
                "cache-check" => Commands.CacheCheck(paths, cli),
                "metrics-diff" => Commands.MetricsDiff(paths, cli),
                "params-diff" => Commands.ParamsDiff(paths, cli),
                "check-numbers" => CheckNumbers.Run(paths, cli),
                "cpu-features" => CpuFeatures.Run(paths, cli),
                "times" => TimesCommand.Run(paths, cli),
                "help" or "--help" or "-h" => Usage(),
                var verb => throw new UsageException(CommandLine.NotKnown("verb", verb, Verbs) + " (`help` lists them)"),
            };
        });
    }

    private static readonly string[] Verbs = ["run", "status", "stages", "embed", "cnn-shard", "cnn-merge", "slurm-submit", "slurm-job", "clean", "cache-check", "metrics-diff", "params-diff", "check-numbers", "cpu-features", "times", "help"];

    /// <summary>The repository <paramref name="cli"/> names with --root, else the one above the current folder.</summary>
    public static ProjectPaths PathsOf(CommandLine cli) =>
        cli.Get("root") is { } root ? new ProjectPaths(root) : ProjectPaths.Discover(Environment.CurrentDirectory);

    /// <summary>Runs <paramref name="verb"/> with the exit codes and one-line errors described at <see cref="Run"/>; the bench program shares it.</summary>
    public static int Guarded(TextWriter error, Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (Exception) when (StopCode() is { } code)
        {
            // A stop (SIGINT/SIGTERM, the launching process gone) between stages or before publishing, or
            // whatever a stage still running threw once the stop's grace had removed its scratch under it:
            // the scratch goes before the exit, and the stop, not the stage's error, is what is reported.
            Commands.Stop?.CleanUp();
            error.WriteLine($"stopped; nothing half-done was published (exit {code})");
            return code;
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            error.WriteLine($"error: {OneLine(MessageOf(e))}");
            if (Environment.GetEnvironmentVariable("WEIGHTSPACE_TRACE") == "1")
                error.WriteLine(e);
            return code;
        }
        catch (Exception e)
        {
            // Anything else is a bug, but a user still gets one line and exit 1, never a bare stack trace.
            error.WriteLine($"error: internal error ({e.GetType().Name}): {OneLine(e.Message)} (WEIGHTSPACE_TRACE=1 shows where)");
            if (Environment.GetEnvironmentVariable("WEIGHTSPACE_TRACE") == "1")
                error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>The exit code of the stop this process received, if any.</summary>
    private static int? StopCode() => Commands.Stop is { Token.IsCancellationRequested: true } stop ? stop.ExitCode : null;

    /// <summary>
    /// 2: the user's input is wrong (params, command line, a zoo file); 3: another run holds the
    /// data folder; 1: a stage failed. Anything else is a bug: exit 1, one line (the trace with WEIGHTSPACE_TRACE=1).
    /// </summary>
    private static int? ExitCodeOf(Exception e) => e switch
    {
        ParamsException or UsageException => 2,
        // Slurm refused what was asked of it (a partition, account or time it does not have, an sbatch option it does not know).
        SlurmException => 2,
        // A params mistake only a stage can see (sizes against this machine's memory) is still one.
        StageFailedException { InnerException: ParamsException } => 2,
        ZooFormatException or LayoutException or InvalidDataException => 2,
        // A file that cannot be opened or read (missing, a folder, no permission, I/O error).
        UnauthorizedAccessException or IOException => 2,
        PipelineBusyException => 3,
        StageFailedException => 1,
        _ => null,
    };

    /// <summary>.NET's access-denied message names the path but not the cause a user can act on.</summary>
    private static string MessageOf(Exception e) => e switch
    {
        UnauthorizedAccessException => $"{e.Message} (cannot read it: check its permissions, and that it is a file, not a folder)",
        _ => e.Message,
    };

    /// <summary>Messages of library exceptions may span lines; a user gets one.</summary>
    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static int Usage()
    {
        Console.WriteLine("""
            WeightSpace stage runner (normally called by `dotnet cake`; see README.md)
              run <stage>... [--profile=NAME] [--force[=all|a,b]] [--dry-run] [--wait=SECONDS] [--stop-with-parent] [--verify]
              status [--profile=NAME] [--verify]   every stage: up to date, restorable, or why it would run
                                                   (--verify: re-hash every file, trusting no size/mtime/inode in the stat cache)
              run report                           brings every stage up to date, upstream first
              stages [--graph|--docs|--names]      each stage's params, inputs, derived code files and outputs;
                                                   --graph: the drawing; --docs: writes it into README.md, and the table into docs/stages.md
              embed --in=X.npy --out=Y.npy [--neighbors=K] [--min-dist=D] [--seed=S]  UMAP of a float32 .npy into (points, 2)
              cache-check                          verify every run-cache entry and object (exit 1 if one is damaged)
              cnn-shard --set=mnist|fashion --shard=K/N --out=DIR [--profile=NAME]  train shard K (0-based) of N of a CNN zoo (cluster job arrays)
              cnn-merge --out=DIR SHARD_DIR...      merge CNN zoo shards into one zoo folder (byte-identical to an unsharded run)
              slurm-submit <stage>... [--profile=NAME] [--partition=P] [--account=A] [--time=T] [--sbatch-args="..."] [--detach] [--force[=a,b]] [--dry-run]
                                                   submit every stage not up to date as a Slurm job (afterok on its upstream's jobs), then wait
              slurm-job <stage> [--shard=K/N|--shards=N]  what one Slurm job runs (written by slurm-submit)
              clean [--cache]                      delete stage outputs and scratch (--cache: the cache too)
              metrics-diff --base=REV [--head=REV] [--profile=NAME] [--all] [--md|--json] [--precision=N]
              params-diff --base=REV [--head=REV] [--all]
              check-numbers --stages=a,b [--keep]  recompute those default-profile stages (and upstream) in a scratch copy and
                                                   compare their metrics with the committed reports/metrics.json (exit 1 on any difference)
              cpu-features                         the CPU's vector features .NET sees and the math variables in force
              times [--write]                      each stage's last wall time, CPU time and peak memory (data/pipeline.lock.json);
                                                   --write: into docs/run-times.md
            Common: --root=DIR (default: the folder holding WeightSpace.sln above the current one)
            """);
        return 2;
    }
}
