// How Cake calls the stage runner. Arguments (all optional):
//   --profile=NAME          params.json profile (default: the file's own values; CI uses smoke)
//   --force[=STAGE,STAGE]   re-run the named stages (or all) even when up to date
//   --dry-run               say what would run and why; run nothing
//   --base=REV --head=REV   for MetricsDiff: compare reports/metrics.json (and params.json)
//   --root=DIR              run the pipeline in another copy of the repository (its params, data and
//                           reports) with this checkout's runner; what the CI fault tests use
var profile = Argument("profile", "default");
// Every --force value (--force=a --force=b is --force=a,b); --force alone forces every stage.
var force = HasArgument("force")
    ? (Context.Arguments.GetArguments()["force"].Where(v => v != null).ToList() is var forced && forced.Count > 0 ? string.Join(",", forced) : "all")
    : null;
var dryRun = HasArgument("dry-run");
var repoRoot = MakeAbsolute(Directory("."));
var runnerProject = repoRoot.CombineWithFilePath("stages/WeightSpace.Stages.csproj");
var runnerDll = repoRoot.CombineWithFilePath("stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll");
var runnerStamp = repoRoot.CombineWithFilePath("stages/bin/Release/runner.stamp");
var runnerReady = false;
var benchProject = repoRoot.CombineWithFilePath("bench/WeightSpace.Bench.csproj");
var benchDll = repoRoot.CombineWithFilePath("bench/bin/Release/net10.0/linux-x64/WeightSpace.Bench.dll");
var benchStamp = repoRoot.CombineWithFilePath("bench/bin/Release/bench.stamp");
var benchReady = false;
var pipelineRoot = Argument("root", repoRoot.FullPath);

// `dotnet cake` runs Cake as a child of a launcher process that does not pass SIGTERM on. When the
// launcher is gone, Cake stops too; the stage runner, started with --stop-with-parent, watches Cake
// in turn and stops cleanly (docs/pipeline.md, "Faults").
int ParentProcessId()
{
    var stat = System.IO.File.ReadAllText("/proc/self/stat"); // "pid (comm) state ppid ..."
    return int.Parse(stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[1]);
}
if (System.IO.File.Exists("/proc/self/stat"))
{
    var launcher = ParentProcessId();
    new System.Threading.Thread(() =>
    {
        while (true)
        {
            System.Threading.Thread.Sleep(250);
            if (ParentProcessId() == launcher) continue;
            Console.Error.WriteLine("the `dotnet cake` launcher exited; stopping");
            Environment.Exit(143);
        }
    }) { IsBackground = true, Name = "launcher watch" }.Start();
}

// Builds the runner only when a source file is newer than the last build: a no-op pipeline run
// must not pay for an MSBuild up-to-date check.
void EnsureRunner()
{
    if (runnerReady) return;
    BuildWhenStale("the stage runner", runnerProject, runnerDll, runnerStamp, "src", "stages");
    runnerReady = true;
}

// The bench program (bench/), built the same way: once, and again only after a source changed.
void EnsureBench()
{
    if (benchReady) return;
    BuildWhenStale("the benches", benchProject, benchDll, benchStamp, "src", "stages", "bench");
    benchReady = true;
}

void BuildWhenStale(string what, FilePath project, FilePath dll, FilePath stampFile, params string[] folders)
{
    var stamp = new System.IO.FileInfo(stampFile.FullPath);
    var sources = folders
        .SelectMany(d => System.IO.Directory.EnumerateFiles(repoRoot.Combine(d).FullPath, "*", System.IO.SearchOption.AllDirectories))
        .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
        .Concat(new[] { "Directory.Build.props", "Directory.Build.targets" }.Select(f => repoRoot.CombineWithFilePath(f).FullPath).Where(System.IO.File.Exists));
    var newest = sources.Max(f => System.IO.File.GetLastWriteTimeUtc(f));
    if (!stamp.Exists || !System.IO.File.Exists(dll.FullPath) || newest > stamp.LastWriteTimeUtc)
    {
        Information($"Building {what} ...");
        DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = "Release", NoLogo = true, Verbosity = DotNetVerbosity.Quiet });
        System.IO.File.WriteAllText(stampFile.FullPath, DateTime.UtcNow.ToString("O"));
    }
}

// Runs the stage runner with a verb and its arguments. The runner has already said what went wrong
// in one line; Cake leaves with its exit code (2 a usage or input mistake, 3 busy, 1 a failure)
// rather than adding its own error lines.
void Runner(string arguments)
{
    EnsureRunner();
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"\"{runnerDll.FullPath}\" {arguments} --root=\"{pipelineRoot}\"",
        WorkingDirectory = repoRoot,
    });
    if (exit != 0) Environment.Exit(exit);
}

// Runs the bench program with its arguments (what to measure, options); a non-zero exit fails the task.
void BenchRunner(string arguments)
{
    EnsureBench();
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"\"{benchDll.FullPath}\" {arguments} --root=\"{pipelineRoot}\"",
        WorkingDirectory = repoRoot,
    });
    if (exit != 0) Environment.Exit(exit); // as Runner: the bench has said why in one line
}

// The stages, from the catalog: "name<TAB>description" per line, as `stages --names` prints them.
// Cached beside the runner build (the list changes only when the runner is rebuilt), so a no-op
// run pays for one runner launch, not two.
List<(string Name, string Description)> StageList()
{
    EnsureRunner();
    var list = repoRoot.CombineWithFilePath("stages/bin/Release/stages.txt").FullPath;
    if (!System.IO.File.Exists(list) || System.IO.File.GetLastWriteTimeUtc(list) < System.IO.File.GetLastWriteTimeUtc(runnerStamp.FullPath))
    {
        var exit = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"\"{runnerDll.FullPath}\" stages --names --root=\"{repoRoot.FullPath}\"",
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
        }, out var lines);
        if (exit != 0) throw new Exception($"stage runner exited with code {exit} (`stages --names`)");
        System.IO.File.WriteAllLines(list, lines);
    }
    return System.IO.File.ReadAllLines(list).Where(l => l.Contains('\t'))
        .Select(l => (l.Substring(0, l.IndexOf('\t')), l.Substring(l.IndexOf('\t') + 1))).ToList();
}

// zoo-tetris-seed -> ZooTetrisSeed: the Cake task of a stage.
string TaskName(string stage) => string.Concat(stage.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));

// One stage task's whole body: the runner brings the stage's upstream up to date first, then the stage.
void RunStage(string stage)
{
    // --stop-with-parent: a SIGTERM to cake alone ends cake at once; the runner sees that and stops too.
    var args = $"run {stage} --profile={profile} --stop-with-parent";
    if (force != null) args += $" --force={force}";
    if (dryRun) args += " --dry-run";
    Runner(args);
}
