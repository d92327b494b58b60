// The pipeline graph lives only in the stage catalog (stages/StageCatalog.cs). Each stage gets a
// task generated from it (zoo-tetris-seed -> ZooTetrisSeed; the report stage is the default
// target, Report); the stage runner brings a stage's upstream up to date itself, in dependency
// order, so the tasks need no IsDependentOn. `dotnet cake --target=Status` and the runner's
// `stages` / `stages --graph` verbs show the graph. Other targets: Test, Status, Push, Pull, Times, Clean, MetricsDiff, CheckNumbers, Bench.

foreach (var stage in StageList())
{
    var name = stage.Name;
    Task(TaskName(name)).Description(stage.Description).Does(() => RunStage(name));
}

// Cake's own arguments and the ones the Bench task sets itself; every other argument goes to the bench program.
var BenchOwnArguments = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "target", "what", "models", "profile", "root" };

Task("Bench")
    .Description("Throughput figures (every option below is passed to the bench program, bench/): batched zoo trainer vs one model at a time, ingest and statistics; --what=attnae2 or attnenc for attention training (--epochs, --stride, --batch, --lr, --wd override params); --what=umap for UMAP on blobs with NN-descent recall, umap-zoo on the tetris-seed weights; --what=ingest --zoo=DIR [--dataset=NAME] or --rows=50000,200000 (synthetic CNN zoos); --what=cnn for the CNN zoo trainer (--block=N models, --images=N); --what=recipe for the tetris recipe study (--only=NAMES); --what=table8 for Table 8's LightGBM and networks on a synthetic CNN zoo (--models x 9 checkpoints, --gbm-trees, --thesis-sizes); --busy=N runs N busy single-threaded processes beside any bench (throughput on a shared machine)")
    .Does(() => BenchRunner($"{Argument("what", "train ingest").Replace(',', ' ')} --models={Argument("models", 1000)}"
        + string.Concat(Context.Arguments.GetArguments().Where(a => !BenchOwnArguments.Contains(a.Key)).Select(a => a.Value.LastOrDefault() is string v ? $" --{a.Key}={v}" : $" --{a.Key}"))
        + $" --profile={profile}"));

Task("Status")
    .Description("Every stage: up to date, restorable from cache, or why it would run")
    .Does(() => Runner($"status --profile={profile}" + (verify ? " --verify" : "")));

Task("Push")
    .Description("Upload the run-cache entries and objects of this checkout's stages to the cache remote (--remote=DIR|s3://bucket/prefix, or params' cache.remote); what the remote has is skipped")
    .Does(() => RemoteRunner("push"));

Task("Pull")
    .Description("Fetch from the cache remote the run-cache entries and objects of every stage not up to date, each object verified; the next run restores them")
    .Does(() => RemoteRunner("pull"));

Task("Times")
    .Description("Each stage's last wall time, CPU time and peak memory (data/pipeline.lock.json); --write puts them into docs/run-times.md")
    .Does(() => Runner("times" + (HasArgument("write") ? " --write" : "")));

Task("Clean")
    .Description("Delete stage outputs under data/ and scratch (--cache: the cache as well)")
    .Does(() => Runner("clean" + (HasArgument("cache") ? " --cache" : "")));

Task("Test")
    .Description("Install what the tests need (headless Chromium, when missing), build and run the test suite")
    .Does(() =>
    {
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "build/install-test-deps.sh", WorkingDirectory = repoRoot });
        if (exit != 0) throw new Exception("build/install-test-deps.sh failed");
    })
    .Does(() => DotNetTest(repoRoot.CombineWithFilePath("WeightSpace.sln").FullPath, new DotNetTestSettings { NoLogo = true }));

Task("CheckNumbers")
    .Description("Does this machine reproduce the committed numbers? --stages=a,b: recomputes them (and their upstream, default profile) in a scratch copy and compares their metrics with the committed reports/metrics.json; --keep keeps the copy")
    .Does(() =>
    {
        var stages = Argument<string>("stages", null) ?? throw new Exception("CheckNumbers needs --stages=a,b (e.g. --stages=attention-cnn-fashion)");
        Runner($"check-numbers --stages={stages}" + (HasArgument("keep") ? " --keep" : ""));
    });

Task("MetricsDiff")
    .Description("Changed metrics and params between two revisions: --base=REV [--head=REV, default the working tree]")
    .Does(() =>
    {
        var baseRev = Argument<string>("base", null); // required: CheckArguments (build/arguments.cake)
        var head = Argument<string>("head", null);
        var range = $"--base={baseRev}" + (head != null ? $" --head={head}" : "");
        Runner($"metrics-diff {range} --profile={profile}"); // the profile picks which report (reports/ or reports/<profile>/)
        Runner($"params-diff {range}");
    });
