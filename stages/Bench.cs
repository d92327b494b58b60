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
        Commands.RejectUnknown(cli, "models", "epochs", "lr", "optimizer", "batch", "init", "activation", "single", "test-fraction", "noise", "zoo", "stride", "profile");
        var what = cli.Names.Count == 0 ? ["train", "ingest"] : cli.Names;
        if (what.Contains("train")) Train(cli);
        if (what.Contains("ingest")) IngestAndStatistics(paths, cli);
        if (what.Contains("attnae2")) AttnAe2Training(paths, cli);
        return 0;
    }

    /// <summary>
    /// AttnAE II at the Table 4 configuration (params' attention section, or --epochs/--stride) on
    /// the ingested tetris-seed zoo: training samples/s and the test reconstruction R² reached.
    /// </summary>
    private static void AttnAe2Training(ProjectPaths paths, CommandLine cli)
    {
        var (_, parameters) = ParamsFile.Load<PipelineParams>(paths.Params, cli.Get("profile"));
        var attention = parameters.Attention with
        {
            Epochs = int.Parse(cli.Get("epochs", parameters.Attention.Epochs.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            EpochStride = int.Parse(cli.Get("stride", parameters.Attention.EpochStride.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
        };
        const string zoo = "tetris-seed";
        foreach (var input in new[] { ProjectPaths.Artifacts.Ingested(zoo), ProjectPaths.Artifacts.Split(zoo) })
            if (!File.Exists(paths.Full(input))) throw new UsageException($"bench attnae2: {input} not found; run `dotnet cake --target=IngestTetrisSeed` first");
        torch.set_num_threads(parameters.Run.Threads);
        Devices.Use(parameters.Run.Device);
        var data = ZooDataset.Load(paths.Full(ProjectPaths.Artifacts.Ingested(zoo)), paths.Full(ProjectPaths.Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(paths.Full($"{ProjectPaths.Artifacts.Zoo(zoo)}/{ZooFolder.LayoutFileName}"));
        var rows = ExperimentRows.Of(data, attention.EpochStride);
        var spec = AttentionModels.Table4(attention).Single(s => s.Method == "attnae2");
        var samplesPerSecond = new List<double>();
        var (result, model) = AutoEncoderExperiment.Run(spec, data, layout, rows, AttentionModels.Trainer(attention, parameters.Run.Seed), AttentionModels.Latent,
            line => Console.WriteLine($"  {line}"));
        model.Dispose();
        var epochs = result.Training!.Epochs;
        var rates = epochs.Select(e => rows.Train.Length / e.Seconds).Order().ToArray();
        Console.WriteLine($"attnae2 ({spec.Config}, d_model {Math.Min(128, attention.DModelCap)}, MLP ratio {attention.MlpRatio}, batch {attention.BatchSize}): "
            + $"{rows.Train.Length} training checkpoints, {epochs.Count} epochs, median {rates[rates.Length / 2]:F0} samples/s; test R² {result.TestR2:F3}; {result.Parameters} parameters; {result.Seconds:F0} s");
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
