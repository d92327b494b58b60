using WeightSpace.Core.Params;
using WeightSpace.Core.Pipeline;

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
        ReproducibleMath.Apply(); // before anything loads libtorch
        NativeAllocator.KeepFreedMemory();
        var cli = CommandLine.Parse(args);
        try
        {
            var paths = cli.Get("root") is { } root ? new ProjectPaths(root) : ProjectPaths.Discover(Environment.CurrentDirectory);
            return cli.Verb switch
            {
                "run" => Commands.Run(paths, cli),
                "status" => Commands.Status(paths, cli),
                "stages" => Commands.ListStages(paths, cli),
                "bench" => Bench.Run(paths, cli),
                "clean" => Commands.Clean(paths, cli),
                "cache-check" => Commands.CacheCheck(paths, cli),
                "metrics-diff" => Commands.MetricsDiff(paths, cli),
                "params-diff" => Commands.ParamsDiff(paths, cli),
                _ => Usage(),
            };
        }
        catch (ParamsException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (StopCode() is { } code)
        {
            // A stop (SIGINT/SIGTERM) between stages or before publishing: scratch is already gone.
            Console.Error.WriteLine($"stopped; nothing half-done was published (exit {code})");
            return code;
        }
        catch (PipelineBusyException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 3;
        }
        catch (StageFailedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (e.InnerException is { } inner && Environment.GetEnvironmentVariable("WEIGHTSPACE_TRACE") == "1")
                Console.Error.WriteLine(inner);
            return 1;
        }
    }

    /// <summary>The exit code of the stop this process received, if any.</summary>
    private static int? StopCode() => Commands.Stop is { Token.IsCancellationRequested: true } stop ? stop.ExitCode : null;

    private static int Usage()
    {
        Console.WriteLine("""
            WeightSpace stage runner (normally called by `dotnet cake`; see README.md)
              run <stage>... [--profile=NAME] [--force[=all|a,b]] [--dry-run] [--wait=SECONDS] [--stop-with-parent]
              status [--profile=NAME]              every stage: up to date, restorable, or why it would run
              run report                           brings every stage up to date, upstream first
              stages [--graph|--names]             each stage's params, inputs, derived code files and outputs; the graph drawing
              bench [train] [ingest] [attnae2] [--models=N --epochs=N --stride=K --zoo=DIR]  throughput figures (zoo trainer, ingest, statistics, AttnAE II)
              cache-check                          verify every run-cache entry and object (exit 1 if one is damaged)
              clean [--cache]                      delete stage outputs and scratch (--cache: the cache too)
              metrics-diff --base=REV [--head=REV] [--profile=NAME] [--all] [--md|--json] [--precision=N]
              params-diff --base=REV [--head=REV] [--all]
            Common: --root=DIR (default: the folder holding WeightSpace.sln above the current one)
            """);
        return 2;
    }
}
