// How Cake calls the stage runner. Arguments (all optional):
//   --profile=NAME          params.json profile (default: the file's own values; CI uses smoke)
//   --force[=STAGE,STAGE]   re-run the named stages (or all) even when up to date
//   --dry-run               say what would run and why; run nothing
//   --verify                re-hash every input and output in full (trust no size/mtime/inode in the stat cache)
//   --base=REV --head=REV   for MetricsDiff: compare reports/metrics.json (and params.json)
//   --remote=DIR|s3://bucket/prefix  the shared cache remote (overrides params' cache.remote): a stage
//                           target pulls what it can from it first; Push and Pull targets use it
//   --push                  a stage target pushes what it computed to the remote afterwards
//   --root=DIR              run the pipeline in another copy of the repository (its params, data and
//                           reports) with this checkout's runner; what the CI fault tests use
var profile = Argument("profile", "default");
// Every --force value (--force=a --force=b is --force=a,b); --force alone forces every stage.
var force = HasArgument("force")
    ? (Context.Arguments.GetArguments()["force"].Where(v => v != null).ToList() is var forced && forced.Count > 0 ? string.Join(",", forced) : "all")
    : null;
var dryRun = HasArgument("dry-run");
var slurm = Argument("executor", "local") == "slurm";
var verify = HasArgument("verify");
var repoRoot = MakeAbsolute(Directory("."));
var runnerProject = repoRoot.CombineWithFilePath("stages/WeightSpace.Stages.csproj");
var runnerDll = repoRoot.CombineWithFilePath("stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll");
var runnerStamp = repoRoot.CombineWithFilePath("stages/bin/Release/runner.stamp");
var runnerReady = false;
var benchProject = repoRoot.CombineWithFilePath("bench/WeightSpace.Bench.csproj");
var benchDll = repoRoot.CombineWithFilePath("bench/bin/Release/net10.0/linux-x64/WeightSpace.Bench.dll");
var benchStamp = repoRoot.CombineWithFilePath("bench/bin/Release/bench.stamp");
var benchReady = false;
var remoteProject = repoRoot.CombineWithFilePath("remote/WeightSpace.Remote.csproj");
var remoteDll = repoRoot.CombineWithFilePath("remote/bin/Release/net10.0/linux-x64/WeightSpace.Remote.dll");
var remoteStamp = repoRoot.CombineWithFilePath("remote/bin/Release/remote.stamp");
var remoteReady = false;
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

// Builds the runner only when the content of its sources changed since the last build: a no-op
// pipeline run must not pay for an MSBuild up-to-date check, and an edit must never be missed.
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

// The cache-remote program (remote/), built the same way: only for Push, Pull and runs with a remote.
void EnsureRemote()
{
    if (remoteReady) return;
    BuildWhenStale("the cache-remote program", remoteProject, remoteDll, remoteStamp, "src", "stages", "remote");
    remoteReady = true;
}

// The stamp beside a build holds the content hash of the sources it was built from. Modification
// times are not compared: rsync -t, cp -p and tar carry an edit with its old time, and a stamp
// from a clock ahead of this one would hide every edit.
void BuildWhenStale(string what, FilePath project, FilePath dll, FilePath stampFile, params string[] folders)
{
    var hash = SourceHash(folders);
    var stamp = stampFile.FullPath;
    var built = System.IO.File.Exists(stamp) ? System.IO.File.ReadAllText(stamp).Trim() : "";
    if (built != hash || !System.IO.File.Exists(dll.FullPath))
    {
        Information($"Building {what} ...");
        DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = "Release", NoLogo = true, Verbosity = DotNetVerbosity.Quiet });
        System.IO.File.WriteAllText(stamp, hash);
    }
}

// SHA-256 of every source and project file under the folders (their bin/ and obj/ build output
// left out) and the repository's MSBuild files: each file's repo-relative path and bytes, in
// ordinal order. About 2 MB of text: a few milliseconds.
string SourceHash(params string[] folders)
{
    var root = repoRoot.FullPath;
    string Relative(string f) => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/');
    var files = folders
        .SelectMany(d => System.IO.Directory.EnumerateFiles(repoRoot.Combine(d).FullPath, "*", System.IO.SearchOption.AllDirectories))
        .Where(f => !Relative(f).Split('/').Any(part => part == "bin" || part == "obj"))
        .Concat(new[] { "Directory.Build.props", "Directory.Build.targets", "build/TorchSharpNativeFix.targets" }
            .Select(f => repoRoot.CombineWithFilePath(f).FullPath).Where(System.IO.File.Exists))
        .OrderBy(Relative, StringComparer.Ordinal);
    using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    foreach (var file in files)
    {
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Relative(file) + "\0"));
        var bytes = System.IO.File.ReadAllBytes(file);
        sha.AppendData(BitConverter.GetBytes((long)bytes.Length));
        sha.AppendData(bytes);
    }
    return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
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

// Runs the cache-remote program: `pull` or `push` with the profile and --remote; exits with its code as Runner does.
void RemoteRunner(string verb, string arguments = "")
{
    EnsureRemote();
    var remote = Argument<string>("remote", null);
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"\"{remoteDll.FullPath}\" {verb} --profile={profile}" + (remote != null ? $" \"--remote={remote}\"" : "") + arguments + $" --root=\"{pipelineRoot}\"",
        WorkingDirectory = repoRoot,
    });
    if (exit != 0) Environment.Exit(exit);
}

// Whether a run has a cache remote: --remote, or cache.remote in params.json (the profile's value
// over the base one). Without one, a run neither builds nor starts the cache-remote program.
bool HasRemote()
{
    if (HasArgument("remote")) return true;
    try
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(pipelineRoot, "params.json")));
        var remote = json?["profiles"]?[profile]?["cache"]?["remote"] ?? json?["cache"]?["remote"];
        return remote != null && remote.GetValue<string>().Trim().Length > 0;
    }
    catch (Exception)
    {
        return false; // the runner reports a broken params.json in its own words
    }
}

// The stages, from the catalog: "name<TAB>description" per line, as `stages --names` prints them.
// Cached beside the runner build under the build's source hash (its first line; the list changes
// only when the runner is rebuilt), so a no-op run pays for one runner launch, not two.
List<(string Name, string Description)> StageList()
{
    EnsureRunner();
    var list = repoRoot.CombineWithFilePath("stages/bin/Release/stages.txt").FullPath;
    var built = "# " + System.IO.File.ReadAllText(runnerStamp.FullPath).Trim();
    if (!System.IO.File.Exists(list) || System.IO.File.ReadLines(list).FirstOrDefault() != built)
    {
        var exit = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"\"{runnerDll.FullPath}\" stages --names --root=\"{repoRoot.FullPath}\"",
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
        }, out var lines);
        if (exit != 0) throw new Exception($"stage runner exited with code {exit} (`stages --names`)");
        System.IO.File.WriteAllLines(list, new[] { built }.Concat(lines));
    }
    return System.IO.File.ReadAllLines(list).Where(l => l.Contains('\t'))
        .Select(l => (l.Substring(0, l.IndexOf('\t')), l.Substring(l.IndexOf('\t') + 1))).ToList();
}

// zoo-tetris-seed -> ZooTetrisSeed: the Cake task of a stage.
string TaskName(string stage) => string.Concat(stage.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));

// One stage task's whole body: the runner brings the stage's upstream up to date first, then the stage.
// With --executor=slurm the runner built above submits every stage that is not up to date as a Slurm
// job instead, and waits for them unless --detach (docs/cluster.md).
void RunStage(string stage)
{
    if (slurm)
    {
        var submit = $"slurm-submit {stage} --profile={profile} --stop-with-parent";
        foreach (var option in new[] { "partition", "account", "time", "sbatch-args" })
            if (Argument<string>(option, null) is string value) submit += $" \"--{option}={value.Replace("\"", "\\\"")}\"";
        if (HasArgument("detach")) submit += " --detach";
        if (force != null) submit += $" --force={force}";
        if (dryRun) submit += " --dry-run";
        Runner(submit);
        return;
    }
    // --stop-with-parent: a SIGTERM to cake alone ends cake at once; the runner sees that and stops too.
    var args = $"run {stage} --profile={profile} --stop-with-parent";
    if (force != null) args += $" --force={force}";
    if (dryRun) args += " --dry-run";
    if (verify) args += " --verify";
    // With a remote, what it has is pulled first (the run restores it), and with --push what the
    // run computed goes back afterwards; a remote that cannot be reached is a warning. A dry run only reads.
    var remote = !dryRun && (HasRemote() || HasArgument("push"));
    if (remote) RemoteRunner("pull", $" {stage}");
    Runner(args);
    if (remote && HasArgument("push")) RemoteRunner("push", $" {stage} --after-run");
}
