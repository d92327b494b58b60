using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// `slurm-submit STAGE...` (what `dotnet cake --target=Report --executor=slurm` runs): decides, as a
/// local run would, which stages are not up to date, and submits each as a Slurm job running the
/// runner already built (<see cref="SlurmJobCommand"/>), with --dependency=afterok on the jobs of
/// its upstream stages; a generated CNN zoo becomes a job array over its shards followed by the
/// zoo stage's own job, which merges them. Stages up to date get no job, so a run after a finished
/// one submits nothing, and after a failure only what failed and what depends on it. Then it waits
/// (<see cref="SlurmWatch"/>) or, with --detach, returns at once.
/// </summary>
public static class SlurmSubmit
{
    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "partition", "account", "time", "sbatch-args", "detach", "force", "dry-run", "wait", "stop-with-parent");
        Commands.RejectValues(cli, "detach", "dry-run", "stop-with-parent");
        if (cli.Names.Count == 0) throw new UsageException("slurm-submit: name at least one stage (see `stages`)");
        var wait = TimeSpan.FromSeconds(cli.Get("wait", 600.0, min: 0, max: Commands.MaxWaitSeconds));
        var (loaded, parameters) = Commands.LoadParams(paths, cli);
        var catalog = StageCatalog.Create(parameters, loaded.Profile);
        foreach (var name in cli.Names.Concat(cli.ForcedNames() is { } f && f is not ["all"] ? f : []))
            if (!catalog.Any(e => e.Name == name)) throw new UsageException($"slurm-submit: {CommandLine.NotKnown("stage", name, catalog.Select(e => e.Name))}");
        var settings = Settings(parameters.Get<SlurmParams>(), cli);
        Action<string> log = ConsoleLog.Line;

        var previous = SlurmSubmission.Load(paths);
        if (previous is not null && !cli.Has("dry-run"))
        {
            var states = SlurmStates.Of(previous.Units().Select(u => u.Id).ToList());
            var active = previous.Jobs.Where(j => j.Units().Any(u => SlurmStates.Active(states[u.Id].State))).Select(j => j.Id).ToList();
            if (active.Count > 0)
                throw new PipelineBusyException($"job(s) {string.Join(", ", active)} of the last submission ({previous.Submitted:u}) are still queued or running; " +
                    $"wait for them (`dotnet cake --target=Status` shows them) or cancel them: scancel {string.Join(' ', active)}");
        }

        // Deciding holds the data folder as a local run does (a dry run only reads); the jobs take it shared once this lets go.
        var dryRun = cli.Has("dry-run");
        var plan = new List<(IStage Stage, StageCheck Check)>();
        StageRunner runner;
        using (dryRun ? null : PipelineMutex.Acquire(paths.RunMutex, wait, log))
        {
            if (!dryRun && Leftovers.RemoveLeftovers(paths, catalog.SelectMany(e => e.Stage.Outs)) is > 0 and var leftovers)
                log($"removed {leftovers} leftover(s) of an interrupted run (scratch, unfinished writes)");
            runner = Commands.NewRunner(paths, catalog, loaded, parameters, log);
            foreach (var stage in cli.Names.SelectMany(n => runner.WithUpstream(runner.Find(n))).Distinct().OrderBy(s => catalog.ToList().FindIndex(e => e.Stage == s)))
            {
                var check = runner.Check(stage, cli.Forces(stage.Name));
                if (check.State == StageState.UpToDate) log($"[{stage.Name}] up to date");
                else plan.Add((stage, check));
            }
            runner.Flush(); // the derived code sets and hashes, so that no job walks the IL again
        }
        if (plan.Count == 0)
        {
            log("everything is up to date: nothing to submit");
            return 0;
        }
        if (dryRun)
        {
            foreach (var (stage, check) in plan)
                log($"[{stage.Name}] would be submitted ({(check.State == StageState.Restorable ? "restores from run-cache" : "runs")}): {string.Join("; ", check.Reasons)}");
            return 0;
        }

        var submission = SubmitAll(paths, cli, loaded.Profile, settings, parameters, runner, plan, log);
        submission.Save(paths);
        var units = submission.Units().Count();
        if (cli.Has("detach"))
        {
            log($"submitted {submission.Jobs.Count} job(s) ({units} with array tasks); not waiting (--detach): `dotnet cake --target=Status` shows them, logs in data/.slurm/logs/");
            return 0;
        }
        return SlurmWatch.Wait(paths, submission, settings.PollSeconds, cli.Has("stop-with-parent"), log);
    }

    /// <summary>params' slurm section with the command line's --partition, --account, --time and --sbatch-args over it.</summary>
    private static SlurmParams Settings(SlurmParams configured, CommandLine cli) => configured with
    {
        Partition = cli.Get("partition") ?? configured.Partition,
        Account = cli.Get("account") ?? configured.Account,
        Time = cli.Get("time") ?? configured.Time,
        SbatchArgs = cli.Get("sbatch-args") ?? configured.SbatchArgs,
    };

    private static SlurmSubmission SubmitAll(ProjectPaths paths, CommandLine cli, string profile, SlurmParams settings, PipelineParams parameters,
        StageRunner runner, List<(IStage Stage, StageCheck Check)> plan, Action<string> log)
    {
        var build = typeof(SlurmSubmit).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        var threads = parameters.Get<RunSettings>().Threads;
        var logs = Path.Combine(SlurmSubmission.Folder(paths), "logs");
        Directory.CreateDirectory(logs);
        var jobs = new List<SlurmJob>();
        var jobOf = new Dictionary<IStage, string>(); // the job whose success means the stage is up to date
        try
        {
            foreach (var (stage, check) in plan)
            {
                var after = runner.Upstream(stage).Where(jobOf.ContainsKey).Select(u => jobOf[u]).ToList();
                var command = $"slurm-job {stage.Name}" + (cli.Forces(stage.Name) ? " --force" : "");
                var set = ShardedZoo.SetOf(stage, parameters.Get<CnnZooParams>());
                if (set is not null && check.State == StageState.MustRun)
                {
                    var shards = ShardedZoo.Count(parameters.Get<CnnZooParams>(), settings.CnnShards);
                    var missing = ShardedZoo.Missing(paths, check.Fingerprint?.Key(), shards);
                    if (missing.Count > 0)
                    {
                        var log0 = $"data/.slurm/logs/{stage.Name}-shard-%a-%A.log";
                        var array = Submit(paths, settings, threads, profile, build, $"{stage.Name}-shards", log0, after,
                            $"{command} --shard=${{SLURM_ARRAY_TASK_ID}}/{shards}", string.Join(',', missing));
                        jobs.Add(new SlurmJob(stage.Name, array, missing, log0.Replace("%A", array), $"{stage.Name} shard"));
                        log($"[{stage.Name}] submitted shard(s) {string.Join(", ", missing)} of {shards} as array job {array}" + After(after));
                        after = [.. after, array];
                    }
                    command += $" --shards={shards}";
                }
                var id = Submit(paths, settings, threads, profile, build, stage.Name, $"data/.slurm/logs/{stage.Name}-%j.log", after, command, null);
                jobs.Add(new SlurmJob(stage.Name, id, null, $"data/.slurm/logs/{stage.Name}-{id}.log", stage.Name));
                jobOf[stage] = id;
                log($"[{stage.Name}] submitted as job {id}" + After(after) + (check.State == StageState.Restorable ? " (restores from run-cache)" : ""));
            }
        }
        catch
        {
            // No orphans: what was submitted before the failure is cancelled.
            if (jobs.Count > 0)
            {
                SlurmTools.Run("scancel", jobs.Select(j => j.Id));
                log($"cancelled the {jobs.Count} job(s) already submitted (scancel {string.Join(' ', jobs.Select(j => j.Id))})");
            }
            throw;
        }
        return new SlurmSubmission(DateTimeOffset.UtcNow, profile, cli.Names, jobs);
    }

    private static string After(IReadOnlyList<string> jobs) => jobs.Count == 0 ? "" : $", after {string.Join(", ", jobs)}";

    /// <summary>
    /// sbatch for one job (or array): the runner this submission was decided with, run in the
    /// repository, its log under data/.slurm/logs/, afterok on <paramref name="after"/> (a job whose
    /// dependency failed is cancelled, not left pending), the configured options and then the extra ones.
    /// </summary>
    private static string Submit(ProjectPaths paths, SlurmParams settings, int threads, string profile, string build, string name, string log,
        IReadOnlyList<string> after, string command, string? array)
    {
        var runnerDll = typeof(SlurmSubmit).Assembly.Location;
        var arguments = new List<string>
        {
            "--parsable", $"--job-name=ws-{name}", $"--chdir={paths.Root}", $"--output={paths.Full(log)}",
        };
        if (array is not null) arguments.Add($"--array={array}");
        if (after.Count > 0) arguments.AddRange([$"--dependency=afterok:{string.Join(':', after)}", "--kill-on-invalid-dep=yes"]);
        if (settings.Partition.Length > 0) arguments.Add($"--partition={settings.Partition}");
        if (settings.Account.Length > 0) arguments.Add($"--account={settings.Account}");
        if (settings.Time.Length > 0) arguments.Add($"--time={settings.Time}");
        arguments.Add($"--cpus-per-task={threads}"); // the cores a stage computes with (run.threads); --sbatch-args may say otherwise
        arguments.AddRange(settings.SbatchArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var profileOption = profile == Pipeline.Params.ParamsFile.DefaultProfile ? "" : $" --profile={Quote(profile)}";
        arguments.Add($"--wrap=exec dotnet {Quote(runnerDll)} {command}{profileOption} --build={build} --root={Quote(paths.Root)}");
        var output = SlurmTools.Output("sbatch", arguments).Trim();
        var id = output.Split(';')[0]; // --parsable: "id" or "id;cluster"
        if (!id.All(char.IsAsciiDigit) || id.Length == 0) throw new SlurmException($"sbatch answered '{output}', not a job id");
        return id;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
