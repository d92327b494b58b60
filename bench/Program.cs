using WeightSpace.Pipeline;
using WeightSpace.Core.Torch;
using WeightSpace.Stages;

namespace WeightSpace.Bench;

/// <summary>
/// The bench program: `WeightSpace.Bench [train] [ingest] [umap] [umap-zoo] [attnae2] [attnenc]
/// [attnpred] [recipe] [cnn] [table8] [matmul] [--options] [--root=DIR]` (no name: train and ingest). Cake's
/// Bench task calls it. Exit codes and one-line errors as the stage runner's.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Error);

    /// <summary>Runs the named benches; tests call this in-process with their own writer.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        ReproducibleMath.Apply(); // before anything loads libtorch, as in the runner, so benches see its numbers
        NativeHeap.KeepFreedMemory();
        return Stages.Program.Guarded(error, () =>
        {
            var cli = CommandLine.Parse(["bench", .. args]); // "bench" names the program in usage errors
            return Bench.Run(Stages.Program.PathsOf(cli), cli);
        });
    }
}
