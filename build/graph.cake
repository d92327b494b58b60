// The pipeline graph: one task per stage, edges = data dependencies (a stage depends on the
// stages whose outputs it reads; `dotnet cake --target=Status` and the runner's `stages` verb list
// them). Targets: Report (default), Test, Status, Clean, MetricsDiff.

Task("TetrisImages")
    .Description("Tetris image set: every placement and rotation of four pieces on a 4x4 grid")
    .Does(() => RunStage("tetris-images"));

// One chain per tetris zoo: train -> ingest -> statistics -> baselines.
foreach (var zoo in new[] { "tetris-seed", "tetris-hyper" })
{
    var title = string.Concat(zoo.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
    Task($"Zoo{title}")
        .Description($"Train the {zoo} zoo (batched) and write it in the Small CNN Zoo format")
        .IsDependentOn("TetrisImages")
        .Does(() => RunStage($"zoo-{zoo}"));
    Task($"Ingest{title}")
        .Description($"Ingest {zoo} to Parquet and split it by model")
        .IsDependentOn($"Zoo{title}")
        .Does(() => RunStage($"ingest-{zoo}"));
    Task($"Statistics{title}")
        .Description($"Weight statistics of every {zoo} checkpoint")
        .IsDependentOn($"Ingest{title}")
        .Does(() => RunStage($"statistics-{zoo}"));
    Task($"Baselines{title}")
        .Description($"Linear baselines on {zoo} (Tables 2, 5, 6)")
        .IsDependentOn($"Statistics{title}")
        .Does(() => RunStage($"baselines-{zoo}"));
    Task($"Predictors{title}")
        .Description($"MLP and AttnEnc predictors on {zoo} (Tables 5, 6)")
        .IsDependentOn($"Ingest{title}")
        .Does(() => RunStage($"predictors-{zoo}"));
}

Task("AutoencodersTetrisSeed")
    .Description("PCA, MLP AE, AttnAE I and II on tetris-seed (Table 4, Figure 15) and bottleneck probes (Table 7)")
    .IsDependentOn("IngestTetrisSeed")
    .Does(() => RunStage("autoencoders-tetris-seed"));

Task("Report")
    .Description("Thesis tables side by side with ours (reports/tables/*.md) and reports/metrics.json")
    .IsDependentOn("TetrisImages")
    .IsDependentOn("BaselinesTetrisSeed")
    .IsDependentOn("BaselinesTetrisHyper")
    .IsDependentOn("PredictorsTetrisSeed")
    .IsDependentOn("PredictorsTetrisHyper")
    .IsDependentOn("AutoencodersTetrisSeed")
    .Does(() => RunStage("report"));

Task("Bench")
    .Description("Throughput: batched zoo trainer vs one model at a time, ingest and statistics; --what=attnae2 or attnenc for attention training, table8 for Table 8's LightGBM and networks on a synthetic CNN zoo (--models x 9 checkpoints) (--epochs, --stride, --batch, --lr, --wd override params)")
    .Does(() => Runner($"bench {Argument("what", "train ingest").Replace(',', ' ')} --models={Argument("models", 1000)}"
        + string.Concat(new[] { "epochs", "stride", "batch", "lr", "wd" }.Where(name => HasArgument(name)).Select(name => $" --{name}={Argument<string>(name)}"))
        + $" --profile={profile}"));

Task("Status")
    .Description("Every stage: up to date, restorable from cache, or why it would run")
    .Does(() => Runner($"status --profile={profile}"));

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

Task("MetricsDiff")
    .Description("Changed metrics and params between two revisions: --base=REV [--head=REV, default the working tree]")
    .Does(() =>
    {
        var baseRev = Argument<string>("base", null) ?? throw new Exception("MetricsDiff needs --base=<rev> (e.g. --base=HEAD~1)");
        var head = Argument<string>("head", null);
        var range = $"--base={baseRev}" + (head != null ? $" --head={head}" : "");
        Runner($"metrics-diff {range}");
        Runner($"params-diff {range}");
    });
