using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// `slurm-job STAGE [--shard=K/N | --shards=N]`: what one Slurm job runs (SlurmSubmit writes the
/// command). It brings one stage up to date through the normal runner, or trains one shard of a CNN
/// zoo, beside other jobs in the same data folder: it holds the data-folder lock shared (never
/// beside a local run) and its stage's own lock exclusively, and updates the lock file entry by
/// entry. Its upstream stages must be up to date already (their jobs finished first: afterok); it
/// never runs them itself, so two jobs never compute the same stage.
/// </summary>
public static class SlurmJobCommand
{
    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "shard", "shards", "build", "force", "wait");
        Commands.RejectValues(cli, "force");
        if (cli.Names.Count != 1) throw new UsageException("slurm-job: name exactly one stage");
        var name = cli.Names[0];
        // The jobs run the runner built before the submission: a rebuild since would run other code than was decided on.
        var build = typeof(SlurmJobCommand).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        if (cli.Get("build") is { } submitted && submitted != build)
            throw new UsageException($"slurm-job {name}: the stage runner was rebuilt since this job was submitted (build {submitted[..12]}, now {build[..12]}); submit again");
        var (shard, shards) = ShardOption(cli);
        var wait = TimeSpan.FromSeconds(cli.Get("wait", Commands.MaxWaitSeconds, min: 0, max: Commands.MaxWaitSeconds));

        var (loaded, parameters) = Commands.LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        if (!catalog.Any(e => e.Name == name)) throw new UsageException($"slurm-job: {CommandLine.NotKnown("stage", name, catalog.Select(e => e.Name))}");
        Action<string> log = ConsoleLog.Line;
        var stop = Commands.Stop = new StopRequest();
        using var signals = StopSignals.Install(paths, stop, stopWithParent: false, log);
        using var folder = PipelineMutex.Acquire(paths.RunMutex, wait, log, stop.Token, shared: true);
        using var own = PipelineMutex.Acquire(StageMutex(paths, shard is { } k ? $"{name}-shard-{k}-of-{shards}" : name), wait, log, stop.Token);

        var runner = Commands.NewRunner(paths, catalog, loaded, parameters, log, stop);
        runner.SharedDataFolder = true;
        try
        {
            var stage = runner.Find(name);
            foreach (var up in runner.Upstream(stage))
                if (runner.Check(up) is { State: not StageState.UpToDate } check)
                    throw new StageFailedException($"[{name}] upstream stage '{up.Name}' is not up to date ({string.Join("; ", check.Reasons)}): its job must finish first");
            var set = shards is null ? null : ShardedZoo.SetOf(stage, parameters.Get<CnnZooParams>())
                ?? throw new UsageException($"slurm-job: --shard and --shards are for a generated CNN zoo's stage, not '{name}'");
            if (shard is { } one)
            {
                Commands.UseTorch(parameters.Get<RunSettings>());
                ShardedZoo.Train(paths, set!, runner.Fingerprint(stage).Key(), one, shards!.Value, parameters, line => log($"[{name}] {line}"));
            }
            else
            {
                var key = shards is null ? null : runner.Fingerprint(stage).Key();
                if (key is not null)
                    runner.RunInstead = (s, k, context) =>
                    {
                        if (s != stage || k != key) return false;
                        ShardedZoo.Merge(stage, set!, key, shards!.Value, parameters, context);
                        return true;
                    };
                var force = cli.Has("force");
                if (force || runner.Check(stage).State != StageState.UpToDate) Commands.UseTorch(parameters.Get<RunSettings>());
                runner.Run(stage, force);
                if (key is not null) ShardedZoo.Remove(paths, key);
            }
        }
        catch
        {
            runner.FlushIfPossible();
            throw;
        }
        runner.FlushIfPossible(); // the stat cache is shared by every job: only a cache, the last one saved wins
        return 0;
    }

    /// <summary>Held (flock) by the one job bringing a stage (or one shard) up to date, while jobs share the data-folder lock.
    /// (Here, not in the engine's ProjectPaths: every stage's code set reaches that class, so a member added there re-keys every stage.)</summary>
    public static string StageMutex(ProjectPaths paths, string what) => paths.Full($"data/.stage-locks/{what}.pid");

    private static (int? Shard, int? Shards) ShardOption(CommandLine cli)
    {
        if (cli.Get("shard") is { } text)
        {
            var parts = text.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var k) || !int.TryParse(parts[1], out var n) || n < 1 || k < 0 || k >= n)
                throw new UsageException($"slurm-job: --shard={text} is not K/N with 0 <= K < N");
            return (k, n);
        }
        return (null, cli.Has("shards") ? cli.Get("shards", 1, min: 1, max: 10_000) : null);
    }
}
