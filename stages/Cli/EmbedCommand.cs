using WeightSpace.Core.Manifold;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// `embed --in=X.npy --out=Y.npy [--neighbors=K] [--min-dist=D] [--seed=S] [--threads=T]`: UMAP of
/// a (points, dims) float32 .npy into a (points, 2) one, so the embedding can be compared with
/// other implementations.
/// </summary>
public static class EmbedCommand
{
    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "in", "out", "neighbors", "min-dist", "seed", "threads", "epochs");
        var input = cli.Get("in") ?? throw new UsageException("embed: --in=X.npy is required");
        var output = cli.Get("out") ?? throw new UsageException("embed: --out=Y.npy is required");
        if (!File.Exists(input)) throw new UsageException($"embed: input '{input}' not found");
        if (SameFile(input, output))
            throw new UsageException($"embed: --out={output} is the input (--in={input}); the embedding would overwrite it. Name another file");
        var defaults = new UmapOptions();
        var options = defaults with
        {
            Neighbors = cli.Get("neighbors", defaults.Neighbors, min: 2, max: 1000),
            MinDist = cli.Get("min-dist", defaults.MinDist, min: 0, max: 10),
            Seed = cli.Get("seed", defaults.Seed, min: int.MinValue),
            // 0 threads is a native abort in libtorch; more than 1024 is a typo.
            Threads = cli.Get("threads", Environment.ProcessorCount, min: 1, max: 1024),
            Epochs = cli.Get("epochs", defaults.Epochs, min: 0, max: 100_000), // 0: chosen from the point count
        };
        TorchSharp.torch.set_num_threads(options.Threads);
        var (data, points, dims) = ReadAll(input);
        float[] embedding;
        try
        {
            embedding = Umap.Embed(data, points, dims, options, log: line => Console.WriteLine($"  {line}"));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"embed: {input}: {e.Message}");
        }
        // Written beside the target and renamed, so a failed run leaves no half-written file.
        var partial = output + ".partial";
        using (var writer = NpyWriter.Create(partial, points, 2))
        {
            writer.WriteRows(embedding);
            writer.Complete();
        }
        File.Move(partial, output, overwrite: true);
        Console.WriteLine($"embed: {points} x {dims} -> {output} ({points} x 2)");
        return 0;
    }

    /// <summary>Whether two paths name one file: the same path, or through a link, a link to it.</summary>
    private static bool SameFile(string a, string b)
    {
        static string Real(string path)
        {
            var full = Path.GetFullPath(path);
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        return Real(a) == Real(b);
    }

    /// <summary>A whole 2-D float32 .npy in memory; a malformed file is a usage error naming it.</summary>
    public static (float[] Data, int Points, int Dims) ReadAll(string path)
    {
        try
        {
            using var reader = NpyReader.Open(path);
            if (reader.Rows * reader.Columns > Array.MaxLength) throw new UsageException($"{path}: {reader.Rows} x {reader.Columns} is too large to embed in memory");
            var data = new float[reader.Rows * reader.Columns];
            reader.ReadRows(0, data);
            return (data, (int)reader.Rows, reader.Columns);
        }
        catch (ZooFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
