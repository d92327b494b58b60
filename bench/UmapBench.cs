using System.Diagnostics;
using WeightSpace.Core.Manifold;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;

namespace WeightSpace.Bench;

/// <summary>
/// `bench umap`: our UMAP on 20 Gaussian blobs in 100-D (the peer's data when --blobs=blobs_N.npy
/// from /work/shared/peers/umap_peer.py is given, else our own draw of the same kind) with wall time
/// and trustworthiness@15 on a 5,000-point subsample; NN-descent's recall against the exact graph;
/// and the whole ingested tetris-seed zoo's weights. Figures only.
/// </summary>
public static class UmapBench
{
    public static void Run(ProjectPaths paths, CommandLine cli, int threads, bool blobs, bool zoo)
    {
        TorchSharp.torch.set_num_threads(threads);
        if (blobs) Blobs(cli, threads);
        if (zoo) Zoo(paths, threads);
    }

    private static void Blobs(CommandLine cli, int threads)
    {
        var points = cli.Get("points", 20_000);
        var (data, dims) = cli.Get("blobs") is { } file ? Peer(file, ref points) : (Blobs(points, 100, 20, 4.0, 0), 100);
        var sample = Subsample(points, Math.Min(points, 5000), 0);
        foreach (var k in new[] { 15, 50 })
        {
            var options = new UmapOptions(Neighbors: k, MinDist: 0.1, Seed: 1, Threads: threads);
            var clock = Stopwatch.StartNew();
            var embedding = Umap.Embed(data, points, dims, options, log: Indented);
            var seconds = clock.Elapsed.TotalSeconds;
            var t = Trustworthiness.Compute(Rows(data, dims, sample), dims, Rows(embedding, 2, sample), 2, sample.Length, 15);
            Console.WriteLine($"umap blobs {points} x {dims}, {k} neighbours: {seconds:F1} s, trustworthiness@15 (5k subsample) {t:F4}");
        }
        {
            var clock = Stopwatch.StartNew();
            var exact = ExactNeighbors.Compute(data, points, dims, 50);
            var exactSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var approximate = NnDescent.Compute(data, points, dims, 50, 0, threads);
            Console.WriteLine($"50-NN of the blobs: exact (GEMM blocks) {exactSeconds:F1} s; NN-descent {clock.Elapsed.TotalSeconds:F1} s, recall {approximate.RecallAgainst(exact):F4}");
        }
    }

    private static void Zoo(ProjectPaths paths, int threads)
    {
        var zoo = paths.Full(Artifacts.Ingested("tetris-seed"));
        if (!File.Exists(zoo))
        {
            Console.WriteLine($"umap zoo: {zoo} not found; run `dotnet cake --target=IngestTetrisSeed` first");
            return;
        }
        var (weights, rows, parameters) = ReadWeights(zoo);
        {
            var clock = Stopwatch.StartNew();
            Umap.Embed(weights, rows, parameters, new UmapOptions(Threads: threads), log: Indented);
            Console.WriteLine($"umap tetris-seed weights {rows} x {parameters}, 50 neighbours (thesis settings): {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    internal static (float[] Weights, int Rows, int Parameters) ReadWeights(string ingested)
    {
        var batches = ZooParquet.ReadBatches(ingested).ToList();
        var parameters = batches[0].Parameters;
        var weights = batches.SelectMany(b => b.Weights).ToArray();
        return (weights, weights.Length / parameters, parameters);
    }

    private static (float[], int) Peer(string file, ref int points)
    {
        var (data, rows, dims) = EmbedCommand.ReadAll(file);
        points = rows;
        return (data, dims);
    }

    /// <summary>Like sklearn's make_blobs: centres uniform in [-10, 10]^dims, isotropic Gaussian clusters of the given std.</summary>
    internal static float[] Blobs(int points, int dims, int centers, double std, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var centres = Enumerable.Range(0, centers * dims).Select(_ => rng.NextDouble() * 20 - 10).ToArray();
        var data = new float[points * dims];
        for (var i = 0; i < points; i++)
            for (var j = 0; j < dims; j++)
                data[i * dims + j] = (float)(centres[i % centers * dims + j] + std * Gaussian());
        return data;
    }

    private static int[] Subsample(int points, int count, int seed)
    {
        var order = Enumerable.Range(0, points).ToArray();
        new Random(seed).Shuffle(order);
        return order[..count];
    }

    private static float[] Rows(float[] data, int dims, int[] rows) =>
        rows.SelectMany(r => data.AsSpan(r * dims, dims).ToArray()).ToArray();

    private static void Indented(string line) => Console.WriteLine($"  {line}");
}
