using System.Diagnostics;
using TorchSharp;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Pipeline;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;

namespace WeightSpace.Bench;

/// <summary>
/// The benches: print throughput figures (never asserted in tests). Run through Cake:
/// `dotnet cake --target=Bench --what=...`, or directly: `dotnet bench/bin/Release/net10.0/linux-x64/WeightSpace.Bench.dll [what...] [--options]`.
/// </summary>
public static class Bench
{
    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, ["models", "epochs", "lr", "optimizer", "batch", "init", "activation", "single", "test-fraction", "noise", "zoo", "stride", "wd", "d", "tokens", "mlp", "profile", "rows", "dataset", "blobs", "points", "block", "images", "thesis-sizes", "gbm-trees", "set", "blocks", "heads", "max-rows", "patience", "busy", "threads", .. RecipeBench.Options]);
        var what = cli.Names.Count == 0 ? ["train", "ingest"] : cli.Names;
        if (what.Contains("matmul-probe"))
        {
            MatmulBench.Probe(cli.Get("threads", 1, 1, 256)); // a child of the matmul bench: its own math settings, no params
            return 0;
        }
        // Params' thread count into the native environment before any bench touches libtorch, as in the runner.
        if (File.Exists(paths.Params)) Commands.LoadParams(paths, cli);
        using var busy = new BusyNeighbours(cli.Get("busy", 0, 0, 64));
        if (what.Contains("train")) Train(cli);
        if (what.Contains("ingest")) IngestAndStatistics(paths, cli);
        if (what.Contains("attnae2")) AttnAe2Training(paths, cli);
        if (what.Contains("attnenc")) AttnEncTraining(paths, cli);
        if (what.Contains("attnpred")) AttnPredTraining(paths, cli);
        if (what.Contains("recipe")) RecipeBench.Run(paths, cli);
        if (what.Contains("umap") || what.Contains("umap-zoo"))
            UmapBench.Run(paths, cli, Commands.LoadParams(paths, cli).Value.Get<RunSettings>().Threads, what.Contains("umap"), what.Contains("umap-zoo"));
        if (what.Contains("cnn")) CnnBench.Run(paths, cli);
        if (what.Contains("table8")) Table8Costs(paths, cli);
        if (what.Contains("matmul")) MatmulBench.Run(paths.Full(Artifacts.MklAsIntel), paths.Full(Artifacts.BenchScratch));
        return 0;
    }

    /// <summary>
    /// AttnAE II at the Table 4 configuration (params' attention section, or --epochs/--stride/--batch/--lr/--wd/--d/--tokens/--mlp)
    /// on the ingested tetris-seed zoo: training samples/s and the test reconstruction R² reached.
    /// </summary>
    private static void AttnAe2Training(ProjectPaths paths, CommandLine cli)
    {
        var (data, layout, rows, trainer, attention) = TetrisSeedForAttention(paths, cli);
        var spec = Table4.Models(AttentionSetup.Sizes(attention)).Single(s => s.Id == Table4.AttnAe2Id);
        var (result, model) = AutoEncoderExperiment.Run(spec, data, layout, rows, trainer, Indented);
        model.Dispose();
        Console.WriteLine($"attnae2 ({spec.Config}, d_model {Math.Min(128, attention.DModelCap)}, {attention.GlobalTokens} global tokens, MLP ratio {attention.MlpRatio}, {Budget(trainer)}): "
            + $"{rows.Train.Length} training checkpoints, {result.Training!.Epochs.Count} epochs, median {MedianRate(result.Training, rows.Train.Length):F0} samples/s; "
            + $"test R² {result.TestR2:F3}; {result.Parameters} parameters; {result.Seconds:F0} s");
    }

    /// <summary>
    /// Table 5's best row: AttnEnc on neuronGroup tokens with permutations, tetris-seed, to test
    /// accuracy (same overrides as attnae2): the test R² reached.
    /// </summary>
    private static void AttnEncTraining(ProjectPaths paths, CommandLine cli)
    {
        var (data, layout, rows, trainer, attention) = TetrisSeedForAttention(paths, cli);
        var spec = Table5.Predictors(AttentionSetup.Sizes(attention)).Last(s => s.Method == "attnenc" && s.Permute);
        var result = PredictorExperiment.Run(spec, "accuracy", data, layout, rows, trainer, null, 0, Indented);
        Console.WriteLine($"attnenc (neurongroup, permutation, d_model {attention.PredictorDModel}, {attention.PredictorBlocks} blocks, {Budget(trainer)}): "
            + $"{rows.Train.Length} training checkpoints; test R² {result.Scores["r2"]:F3}, Kendall {result.Scores["kendall"]:F3}; {result.Parameters} parameters; {result.Seconds:F0} s");
    }

    /// <summary>
    /// Table 9's AttnPred on an ingested CNN zoo (--set=mnist|fashion, default mnist) with overrides of
    /// params' cnn_attention (--epochs, --patience, --stride, --max-rows, --batch, --lr, --wd, --d, --blocks, --heads, --tokens, --mlp, --ensemble):
    /// the test R² and Kendall τ_b reached, to try a budget before putting it in params.
    /// </summary>
    private static void AttnPredTraining(ProjectPaths paths, CommandLine cli)
    {
        var (_, parameters) = Commands.LoadParams(paths, cli);
        var a = parameters.Get<CnnAttentionParams>();
        a = a with
        {
            Epochs = cli.Get("epochs", a.Epochs),
            Patience = cli.Get("patience", a.Patience),
            EpochStride = cli.Get("stride", a.EpochStride),
            MaxTrainRows = cli.Get("max-rows", a.MaxTrainRows),
            BatchSize = cli.Get("batch", a.BatchSize),
            LearningRate = cli.Get("lr", a.LearningRate),
            WeightDecay = cli.Get("wd", a.WeightDecay),
            DModel = cli.Get("d", a.DModel),
            Blocks = cli.Get("blocks", a.Blocks),
            Heads = cli.Get("heads", a.Heads),
            GlobalTokens = cli.Get("tokens", a.GlobalTokens),
            MlpRatio = cli.Get("mlp", a.MlpRatio),
            AccuracyEnsemble = cli.Get("ensemble", a.AccuracyEnsemble),
        };
        var zoo = ZooNames.CnnZoo(cli.Get("set", ZooNames.Mnist.Name));
        foreach (var input in AttentionSetup.Deps(zoo))
            if (!Path.Exists(paths.Full(input))) throw new UsageException($"bench: {input} not found; run `dotnet stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll run ingest-{zoo}` first");
        Commands.UseTorch(parameters.Get<RunSettings>());
        var data = ZooDataset.Load(paths.Full(Artifacts.Ingested(zoo)), paths.Full(Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(paths.Full(Artifacts.Layout(zoo)));
        var clock = Stopwatch.StartNew();
        var rows = Table9.Rows(data, layout, CnnAttentionStage.Config(a, parameters.Get<RunSettings>().Seed), ZooNames.Dataset(zoo), "bench", Indented)
            .Where(r => r.Split == "test").ToList();
        Console.WriteLine($"attnpred on {zoo} (d_model {a.DModel}, {a.Blocks} block(s), {a.Heads} heads, {a.Epochs} epochs, patience {a.Patience}, batch {a.BatchSize}, lr {a.LearningRate}, "
            + $"stride {a.EpochStride}, at most {a.MaxTrainRows} training rows): {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var config in rows.GroupBy(r => r.Key.Config))
            Console.WriteLine($"  {(config.Key == Table9.EnsembleConfig(a.AccuracyEnsemble) ? config.Key : "single model")}: test {string.Join(", ", config.Select(r => $"{r.Key.Metric} {r.Value:F3}"))}");
    }

    /// <summary>The attention stages' set-up on tetris-seed, with the bench's overrides of the attention params.</summary>
    private static (ZooDataset Data, WeightLayout Layout, ExperimentRows Rows, TrainerConfig Trainer, AttentionParams Attention) TetrisSeedForAttention(
        ProjectPaths paths, CommandLine cli)
    {
        var (_, parameters) = Commands.LoadParams(paths, cli);
        var a = parameters.Get<AttentionParams>();
        var attention = a with
        {
            Epochs = cli.Get("epochs", a.Epochs),
            EpochStride = cli.Get("stride", a.EpochStride),
            BatchSize = cli.Get("batch", a.BatchSize),
            LearningRate = cli.Get("lr", a.LearningRate),
            WeightDecay = cli.Get("wd", a.WeightDecay),
            DModelCap = cli.Get("d", a.DModelCap),
            GlobalTokens = cli.Get("tokens", a.GlobalTokens),
            MlpRatio = cli.Get("mlp", a.MlpRatio),
        };
        const string zoo = ZooNames.TetrisSeed;
        foreach (var input in AttentionSetup.Deps(zoo))
            if (!Path.Exists(paths.Full(input))) throw new UsageException($"bench: {input} not found; run `dotnet cake --target=IngestTetrisSeed` first");
        Commands.UseTorch(parameters.Get<RunSettings>());
        var (data, layout, rows, trainer) = AttentionSetup.Load(paths.Full, zoo, attention, parameters.Get<RunSettings>().Seed, Indented);
        return (data, layout, rows, trainer, attention);
    }

    /// <summary>
    /// Table 8's costs on a synthetic zoo in the CNN format (--models x 9 checkpoints, 4,970 weights):
    /// LightGBM on weights and on per-layer statistics (params' cnn_baselines), then each network of
    /// cnn_table8 for --epochs (default 1) at --batch: median seconds per epoch and parameters.
    /// --thesis-sizes=1 builds the ~54M-parameter transformer instead of the shrunk one; --gbm-trees caps the boosting rounds.
    /// </summary>
    private static void Table8Costs(ProjectPaths paths, CommandLine cli)
    {
        var (_, parameters) = Commands.LoadParams(paths, cli);
        Commands.UseTorch(parameters.Get<RunSettings>());
        var directory = Path.Combine(Path.GetTempPath(), $"ws-bench-cnn-{Environment.ProcessId}");
        try
        {
            var clock = Stopwatch.StartNew();
            var folder = SyntheticCnnZoo.Write(Path.Combine(directory, "zoo"), cli.Get("models", 1112), epochs: 9, seed: 0);
            var parquet = Path.Combine(directory, "zoo.parquet");
            ZooIngest.Run(folder.Directory, parquet);
            var split = Path.Combine(directory, "split.csv");
            var s = parameters.Get<SplitParams>();
            ModelSplit.Create(ZooParquet.ReadModels(parquet), s.Train, s.Validation, s.Seed).Write(split);
            var data = ZooDataset.Load(parquet, split);
            var c = parameters.Get<CnnTable8Params>();
            var table = new Table8Data("synthetic", data, LayoutCsv.Read(folder.LayoutPath), ExperimentRows.Of(data, c.EpochStride));
            Console.WriteLine($"synthetic CNN zoo: {data.Rows} checkpoints ({table.Rows.Train.Length} train / {table.Rows.Validation.Length} validation / {table.Rows.Test.Length} test), written and ingested in {clock.Elapsed.TotalSeconds:F1} s");

            var b = parameters.Get<CnnBaselineParams>();
            var gbm = new GradientBoostingConfig(cli.Get("gbm-trees", b.GbmTrees), b.GbmLeaves, b.GbmLearningRate, b.GbmMinLeafRows, b.GbmEarlyStopping, parameters.Get<RunSettings>().Seed, parameters.Get<RunSettings>().Threads);
            foreach (var r in Table8.GradientBoosting(table, gbm, _ => { }))
                Console.WriteLine($"{r.Method} on {r.Input}: {r.Size} trees in {r.Seconds:F1} s ({1000 * r.Seconds / r.Size:F0} ms per tree), test r2 {r.R2:F3}");

            var trainer = c.Trainer(parameters.Get<RunSettings>().Seed) with { Epochs = cli.Get("epochs", 1), BatchSize = cli.Get("batch", c.BatchSize), WarmupEpochs = 0, Patience = null };
            foreach (var spec in CnnTable8Stage.Models(c with { ThesisSizes = cli.Get("thesis-sizes", 0) == 1 }))
            {
                var r = Table8.Train(spec, table, trainer, _ => { });
                Console.WriteLine($"{r.Method} on {r.Input} ({r.Config}): {r.Size / 1e6:F2}M parameters, {r.EpochSeconds:F1} s per epoch at batch {trainer.BatchSize} "
                    + $"({table.Rows.Train.Length / r.EpochSeconds:F0} samples/s), {r.Seconds:F1} s in all, test r2 {r.R2:F3} after {r.Epochs} epoch(s)");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Indented(string line) => Console.WriteLine($"  {line}");

    private static string Budget(TrainerConfig t) => $"batch {t.BatchSize}, lr {t.LearningRate}, weight decay {t.WeightDecay}";

    private static double MedianRate(TrainingResult training, int samples)
    {
        var rates = training.Epochs.Select(e => samples / e.Seconds).Order().ToArray();
        return rates[rates.Length / 2];
    }

    /// <summary>
    /// Ingest and statistics throughput, in checkpoints/s and MB/s of weights, with the peak
    /// resident memory of that work. On a zoo folder (--zoo=DIR, optionally --dataset=NAME; default:
    /// the tetris-seed zoo the pipeline wrote), or on synthetic zoos in the published Small CNN Zoo
    /// format (--rows=50000,200000: 4,970 weights per row), written under data/.bench and deleted after.
    /// </summary>
    private static void IngestAndStatistics(ProjectPaths paths, CommandLine cli)
    {
        var scratch = paths.Full(Artifacts.BenchScratch);
        try
        {
            if (cli.Get("rows") is { Length: > 0 } rowsText)
            {
                foreach (var rows in rowsText.Split(',').Select(t => int.TryParse(t, out var n) && n > 0 ? n
                    : throw new UsageException($"bench: --rows={rowsText} is not a list of positive row counts")))
                {
                    var dir = Path.Combine(scratch, $"zoo-{rows}");
                    var clock = Stopwatch.StartNew();
                    SyntheticZoo.Write(dir, rows);
                    Console.WriteLine($"synthetic zoo: {rows} x {SyntheticZoo.SmallCnnLayout().ParameterCount} weights in the published format, written in {clock.Elapsed.TotalSeconds:F1} s");
                    Measure(ZooSource.Resolve(dir), scratch);
                    Directory.Delete(dir, recursive: true);
                }
                return;
            }
            var zoo = paths.Full(cli.Get("zoo", Artifacts.Zoo(ZooNames.TetrisSeed)));
            if (!cli.Has("zoo") && !Directory.Exists(zoo))
                throw new UsageException($"bench ingest: zoo folder '{zoo}' not found; run `dotnet cake --target=ZooTetrisSeed` first or pass --zoo=PATH");
            Measure(ZooSource.Resolve(zoo, cli.Get("dataset")), scratch);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Ingest, then what the statistics stage does (read, global/layer/neuronGroup statistics, feature file).</summary>
    private static void Measure(ZooSource source, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var output = Path.Combine(scratch, "ingested.parquet");
        var features = Path.Combine(scratch, "statistics.parquet");
        // Start from a collected heap, so that a phase's peak is not the garbage the synthetic zoo's writer left.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        PeakMemory.Reset();
        var collections0 = Collections();
        // CPU seconds beside wall seconds: on a shared machine the wall clock measures the neighbours too.
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var summary = source.Ingest(output);
        var ingest = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu1 = process.TotalProcessorTime;
        var ingestCpu = (cpu1 - cpu0).TotalSeconds;
        var ingestPeak = PeakMemory.Megabytes();
        var allocated1 = GC.GetTotalAllocatedBytes(precise: true);
        var collections1 = Collections();
        PeakMemory.Reset();
        var megabytes = (summary.Rows + summary.DroppedNonFinite) * (double)summary.Parameters * 4 / 1e6;
        Console.WriteLine($"ingest: {summary.Rows} checkpoints x {summary.Parameters} weights ({megabytes:F0} MB; {summary.DroppedNonFinite} non-finite row(s) dropped) in {ingest:F2} s = {summary.Rows / ingest:F0} checkpoints/s, {megabytes / ingest:F0} MB/s ({ingestCpu:F2} CPU s)");

        var layout = LayoutCsv.Read(source.Folder.LayoutPath);
        var calculator = new WeightStatistics(layout, StatisticSet.Default, [StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup]);
        clock.Restart();
        // What StatisticsStage does.
        var rows = StatisticsFile.Write(output, calculator, features);
        var stats = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var statsCpu = (process.TotalProcessorTime - cpu1).TotalSeconds;
        Console.WriteLine($"read + statistics (global, layer, neuronGroup: {calculator.FeatureCount} features) + feature file: {rows} checkpoints in {stats:F2} s = {rows / stats:F0} checkpoints/s, {megabytes / stats:F0} MB/s ({statsCpu:F2} CPU s)");
        Console.WriteLine($"end to end: {ingest + stats:F2} s = {megabytes / (ingest + stats):F0} MB/s ({ingestCpu + statsCpu:F2} CPU s = {megabytes / (ingestCpu + statsCpu):F0} MB per CPU second); "
            + $"peak resident memory: ingest {ingestPeak:F0} MB, statistics {PeakMemory.Megabytes():F0} MB; "
            // Managed allocation per phase: garbage a phase makes per row group shows here long before it shows in RSS.
            + $"allocated: ingest {(allocated1 - allocated0) / 1e6:F0} MB, statistics {(GC.GetTotalAllocatedBytes(precise: true) - allocated1) / 1e6:F0} MB; "
            + $"collections (gen0/1/2): ingest {Difference(collections1, collections0)}, statistics {Difference(Collections(), collections1)}");
        File.Delete(output);
        File.Delete(features);
        // The ceiling: ingest must write every weight once, so it cannot beat this disk's plain sequential writes.
        var plain = PlainWrite(Path.Combine(scratch, "plain.bin"), (long)(megabytes * 1e6));
        Console.WriteLine($"this disk: the same {megabytes:F0} MB as plain 4 MB writes in {plain:F2} s = {megabytes / plain:F0} MB/s "
            + $"(ingest + statistics could reach at most {megabytes / (plain + stats):F0} MB/s end to end at this statistics speed)");
    }

    /// <summary>Seconds to write <paramref name="bytes"/> bytes to a new file in 4 MB writes from one reused buffer, then delete it.</summary>
    private static double PlainWrite(string path, long bytes)
    {
        var buffer = new byte[4 << 20];
        new Random(0).NextBytes(buffer);
        var clock = Stopwatch.StartNew();
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            for (var left = bytes; left > 0; left -= buffer.Length)
                stream.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(path);
        return seconds;
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    private static string Difference(int[] after, int[] before) => string.Join("/", after.Zip(before, (a, b) => a - b));

    private static void Train(CommandLine cli)
    {
        var models = cli.Get("models", 1000);
        var epochs = cli.Get("epochs", 75);
        var recipe = new FcnRecipe(epochs, cli.Get("lr", 0.05), cli.Get("optimizer", "adam"), cli.Get("batch", 8), 0);
        var init = Initializers.Parse(cli.Get("init", "xavier-uniform"));
        var activation = Enum.Parse<Activation>(cli.Get("activation", "Relu"), ignoreCase: true);
        var split = new TetrisImageSplit(cli.Get("test-fraction", 0.0), 4, cli.Get("noise", 0.2), 0).Apply(TetrisImages.Generate());
        var specs = Enumerable.Range(0, models).Select(i => new FcnModelSpec(i, activation, init)).ToList();

        var clock = Stopwatch.StartNew();
        var zoo = BatchedFcnTrainer.Train([16, 5, 4], specs, recipe, split.Train, split.Test);
        var batched = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"batched: {models} models x {epochs} epochs in {batched:F2} s = {models * epochs / batched:F0} model-epochs/s");
        foreach (var e in new[] { 1, 5, 10, 25, 50, epochs }.Where(e => e <= epochs).Distinct())
        {
            var acc = Enumerable.Range(0, models).Select(k => zoo.TestAccuracy[zoo.Row(k, e)]).Order().ToArray();
            var tr = Enumerable.Range(0, models).Select(k => zoo.TrainAccuracy[zoo.Row(k, e)]).Order().ToArray();
            Console.WriteLine($"  epoch {e,3} train median {tr[tr.Length / 2]:F2} max {tr[^1]:F2}; test accuracy: min {acc[0]:F2} q1 {acc[acc.Length / 4]:F2} median {acc[acc.Length / 2]:F2} q3 {acc[3 * acc.Length / 4]:F2} max {acc[^1]:F2}");
        }

        var single = cli.Get("single", 20);
        if (single > 0)
        {
            clock.Restart();
            for (var i = 0; i < single; i++)
                BatchedFcnTrainer.Train([16, 5, 4], [specs[i]], recipe, split.Train, split.Test);
            var one = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"one at a time: {single} models x {epochs} epochs in {one:F2} s = {single * epochs / one:F0} model-epochs/s; batched is {(models * epochs / batched) / (single * epochs / one):F1}x faster");
        }
    }
}
