using WeightSpace.Core.Params;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Torch;
using WeightSpace.Stages;

namespace WeightSpace.Bench;

/// <summary>
/// The bench program: `WeightSpace.Bench [train] [ingest] [umap] [umap-zoo] [attnae2] [attnenc]
/// [attnpred] [recipe] [cnn] [table8] [--options] [--root=DIR]` (no name: train and ingest). Cake's
/// Bench task calls it. Exit codes as the stage runner's: 0 ok, 2 bad params or usage.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ReproducibleMath.Apply(); // before anything loads libtorch, as in the runner, so benches see its numbers
        NativeHeap.KeepFreedMemory();
        var cli = CommandLine.Parse(["bench", .. args]);
        try
        {
            var paths = cli.Get("root") is { } root ? new ProjectPaths(root) : ProjectPaths.Discover(Environment.CurrentDirectory);
            return Bench.Run(paths, cli);
        }
        catch (Exception e) when (e is ParamsException or UsageException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
