using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Params;
using WeightSpace.Core.Features;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// `bench` verb: prints throughput figures (never asserted in tests). Run through Cake:
/// `dotnet cake --target=Bench`, or directly: `dotnet stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll bench`.
/// </summary>
public static class Bench
{
    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "models", "epochs", "lr", "optimizer", "batch", "init", "activation", "single", "test-fraction", "noise", "zoo", "stride", "wd", "d", "tokens", "mlp", "profile");
        var what = cli.Names.Count == 0 ? ["train", "ingest"] : cli.Names;
        if (what.Contains("train")) Train(cli);
        if (what.Contains("ingest")) IngestAndStatistics(paths, cli);
        if (what.Contains("attnae2")) AttnAe2Training(paths, cli);
        if (what.Contains("attnenc")) AttnEncTraining(paths, cli);
        return 0;
    }

    /// <summary>
    /// AttnAE II at the Table 4 configuration (params' attention section, or --epochs/--stride/--batch/--lr/--wd/--d/--tokens/--mlp)
    /// on the ingested tetris-seed zoo: training samples/s and the test reconstruction R² reached.
    /// </summary>
    private static void AttnAe2Training(ProjectPaths paths, CommandLine cli)
    {
        var (data, layout, rows, attention, seed) = TetrisSeedForAttention(paths, cli, "attnae2");
        var spec = AttentionModels.Table4(attention).Single(s => s.Method == "attnae2");
        var (result, model) = AutoEncoderExperiment.Run(spec, data, layout, rows, AttentionModels.Trainer(attention, seed), AttentionModels.Latent,
            line => Console.WriteLine($"  {line}"));
        model.Dispose();
        Console.WriteLine($"attnae2 ({spec.Config}, d_model {Math.Min(128, attention.DModelCap)}, {attention.GlobalTokens} global tokens, MLP ratio {attention.MlpRatio}, batch {attention.BatchSize}, lr {attention.LearningRate}, weight decay {attention.WeightDecay}): "
            + $"{rows.Train.Length} training checkpoints, {result.Training!.Epochs.Count} epochs, median {MedianRate(result.Training, rows.Train.Length):F0} samples/s; "
            + $"test R² {result.TestR2:F3}; {result.Parameters} parameters; {result.Seconds:F0} s");
    }

    /// <summary>
    /// Table 5's best row: AttnEnc on neuronGroup tokens with permutations, tetris-seed, to test
    /// accuracy (same overrides as attnae2): samples/s and the test R² reached.
    /// </summary>
    private static void AttnEncTraining(ProjectPaths paths, CommandLine cli)
    {
        var (data, layout, rows, attention, seed) = TetrisSeedForAttention(paths, cli, "attnenc");
        var spec = AttentionModels.Predictors(attention, withLayerTokens: false).Last(s => s.Method == "attnenc" && s.Permute);
        var clock = Stopwatch.StartNew();
        var result = PredictorExperiment.Run(spec, "accuracy", data, layout, rows, AttentionModels.Trainer(attention, seed), null, 0,
            line => Console.WriteLine($"  {line}"));
        Console.WriteLine($"attnenc (neurongroup, permutation, d_model {attention.PredictorDModel}, {attention.PredictorBlocks} blocks, batch {attention.BatchSize}, lr {attention.LearningRate}, weight decay {attention.WeightDecay}): "
            + $"{rows.Train.Length} training checkpoints; test R² {result.Scores["r2"]:F3}, Kendall {result.Scores["kendall"]:F3}; {result.Parameters} parameters; {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static (ZooDataset Data, WeightLayout Layout, ExperimentRows Rows, AttentionParams Attention, int Seed) TetrisSeedForAttention(
        ProjectPaths paths, CommandLine cli, string what)
    {
        var (_, parameters) = ParamsFile.Load<PipelineParams>(paths.Params, cli.Get("profile"));
        string Option(string name, object fallback) => cli.Get(name, Convert.ToString(fallback, CultureInfo.InvariantCulture)!);
        var a = parameters.Attention;
        var attention = a with
        {
            Epochs = int.Parse(Option("epochs", a.Epochs), CultureInfo.InvariantCulture),
            EpochStride = int.Parse(Option("stride", a.EpochStride), CultureInfo.InvariantCulture),
            BatchSize = int.Parse(Option("batch", a.BatchSize), CultureInfo.InvariantCulture),
            LearningRate = double.Parse(Option("lr", a.LearningRate), CultureInfo.InvariantCulture),
            WeightDecay = double.Parse(Option("wd", a.WeightDecay), CultureInfo.InvariantCulture),
            DModelCap = int.Parse(Option("d", a.DModelCap), CultureInfo.InvariantCulture),
            GlobalTokens = int.Parse(Option("tokens", a.GlobalTokens), CultureInfo.InvariantCulture),
            MlpRatio = int.Parse(Option("mlp", a.MlpRatio), CultureInfo.InvariantCulture),
        };
        const string zoo = "tetris-seed";
        foreach (var input in new[] { ProjectPaths.Artifacts.Ingested(zoo), ProjectPaths.Artifacts.Split(zoo) })
            if (!File.Exists(paths.Full(input))) throw new UsageException($"bench {what}: {input} not found; run `dotnet cake --target=IngestTetrisSeed` first");
        torch.set_num_threads(parameters.Run.Threads);
        Devices.Use(parameters.Run.Device);
        var data = ZooDataset.Load(paths.Full(ProjectPaths.Artifacts.Ingested(zoo)), paths.Full(ProjectPaths.Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(paths.Full($"{ProjectPaths.Artifacts.Zoo(zoo)}/{ZooFolder.LayoutFileName}"));
        return (data, layout, ExperimentRows.Of(data, attention.EpochStride), attention, parameters.Run.Seed);
    }

    private static double MedianRate(TrainingResult training, int samples)
    {
        var rates = training.Epochs.Select(e => samples / e.Seconds).Order().ToArray();
        return rates[rates.Length / 2];
    }

    /// <summary>
    /// Ingest and statistics throughput on a zoo folder (default: the tetris-seed zoo the pipeline
    /// wrote), in checkpoints/s and MB/s of weights, with the process' peak resident memory.
    /// </summary>
    private static void IngestAndStatistics(ProjectPaths paths, CommandLine cli)
    {
        var zoo = paths.Full(cli.Get("zoo", ProjectPaths.Artifacts.Zoo("tetris-seed")));
        if (!Directory.Exists(zoo)) throw new UsageException($"bench ingest: zoo folder '{zoo}' not found; run `dotnet cake --target=ZooTetrisSeed` first or pass --zoo=PATH");
        var output = Path.Combine(Path.GetTempPath(), $"ws-bench-{Environment.ProcessId}.parquet");
        try
        {
            var clock = Stopwatch.StartNew();
            var summary = ZooIngest.Run(zoo, output);
            var ingest = clock.Elapsed.TotalSeconds;
            var megabytes = summary.Rows * (double)summary.Parameters * 4 / 1e6;
            Console.WriteLine($"ingest: {summary.Rows} checkpoints x {summary.Parameters} weights ({megabytes:F0} MB) in {ingest:F2} s = {summary.Rows / ingest:F0} checkpoints/s, {megabytes / ingest:F0} MB/s");

            var layout = LayoutCsv.Read(Path.Combine(zoo, ZooFolder.LayoutFileName));
            var calculators = new[] { StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup }
                .Select(s => new WeightStatistics(layout, StatisticSet.Default, s)).ToArray();
            clock.Restart();
            var rows = 0;
            foreach (var batch in ZooParquet.ReadBatches(output))
            {
                foreach (var c in calculators) c.Compute(batch.Weights.AsMemory());
                rows += batch.Rows;
            }
            var stats = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"read + statistics (global, layer, neuronGroup): {rows} checkpoints in {stats:F2} s = {rows / stats:F0} checkpoints/s, {megabytes / stats:F0} MB/s");
            Console.WriteLine($"peak resident memory: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static void Train(CommandLine cli)
    {
        var models = int.Parse(cli.Get("models", "1000"));
        var epochs = int.Parse(cli.Get("epochs", "75"));
        var recipe = new FcnRecipe(epochs, double.Parse(cli.Get("lr", "0.05")), cli.Get("optimizer", "adam"), int.Parse(cli.Get("batch", "8")), 0);
        var init = Initializers.Parse(cli.Get("init", "xavier-uniform"));
        var activation = Enum.Parse<Activation>(cli.Get("activation", "Relu"), ignoreCase: true);
        var split = new TetrisImageSplit(double.Parse(cli.Get("test-fraction", "0")), 4, double.Parse(cli.Get("noise", "0.2")), 0).Apply(TetrisImages.Generate());
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

        var single = int.Parse(cli.Get("single", "20"));
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
