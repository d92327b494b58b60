using System.Diagnostics;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// `bench` verb: prints throughput figures (never asserted in tests). Run through Cake:
/// `dotnet cake --target=Bench`, or directly: `dotnet stages/bin/Release/net10.0/linux-x64/WeightSpace.Stages.dll bench`.
/// </summary>
public static class Bench
{
    public static int Run(CommandLine cli)
    {
        Commands.RejectUnknown(cli, "models", "epochs", "lr", "optimizer", "batch", "init", "activation", "single", "test-fraction", "noise");
        var models = int.Parse(cli.Get("models", "1000"));
        var epochs = int.Parse(cli.Get("epochs", "75"));
        var recipe = new FcnRecipe(epochs, double.Parse(cli.Get("lr", "0.1")), cli.Get("optimizer", "sgd"), int.Parse(cli.Get("batch", "8")), 0);
        var init = Initializers.Parse(cli.Get("init", "xavier-uniform"));
        var activation = Enum.Parse<Activation>(cli.Get("activation", "Relu"), ignoreCase: true);
        var split = new TetrisImageSplit(double.Parse(cli.Get("test-fraction", "0")), 4, double.Parse(cli.Get("noise", "0.5")), 0).Apply(TetrisImages.Generate());
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
        return 0;
    }
}
