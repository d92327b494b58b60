using System.Globalization;
using System.IO.Compression;
using System.Text;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Bench;

/// <summary>
/// Writes a zoo of random weights in the published Small CNN Zoo format, quirks included: a
/// leading unnamed pandas index column and config.* columns first in metrics.csv.gz, tuple shape
/// strings in layout.csv, a few rows of non-finite weights, 9 checkpoints per run. For the ingest
/// bench and tests; streamed, so memory does not grow with the row count.
/// </summary>
public static class SyntheticZoo
{
    public static readonly int[] Steps = [0, 1, 2, 3, 20, 40, 60, 80, 86];
    /// <summary>By default every this many rows, one row holds a NaN (the published zoo has such rows).</summary>
    public const int DefaultNonFiniteEvery = 10_007;

    /// <summary>The Small CNN Zoo network: 3 x conv 3x3 (16 filters), dense 16 -> 10, each bias before its kernel (4,970 weights for one input channel).</summary>
    public static WeightLayout SmallCnnLayout(int inputChannels = 1)
    {
        var entries = new List<LayoutEntry>();
        var offset = 0;
        void Add(string name, params int[] shape)
        {
            var size = shape.Aggregate(1, (a, b) => a * b);
            entries.Add(new LayoutEntry(name, offset, offset + size, shape));
            offset += size;
        }
        var cin = inputChannels;
        foreach (var layer in new[] { "conv2d", "conv2d_1", "conv2d_2" })
        {
            Add($"sequential/{layer}/bias:0", 16);
            Add($"sequential/{layer}/kernel:0", 3, 3, cin, 16);
            cin = 16;
        }
        Add("sequential/dense/bias:0", 10);
        Add("sequential/dense/kernel:0", 16, 10);
        return WeightLayout.Create(entries);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> checkpoints (9 per run) into <paramref name="directory"/>; run k
    /// belongs to image set <paramref name="datasets"/>[k mod count] (default: all "mnist"), and row
    /// r holds a NaN when r mod <paramref name="nonFiniteEvery"/> is nonFiniteEvery - 1.
    /// </summary>
    public static ZooFolder Write(string directory, int rows, IReadOnlyList<string>? datasets = null, int seed = 0, int nonFiniteEvery = DefaultNonFiniteEvery)
    {
        Directory.CreateDirectory(directory);
        var zoo = new ZooFolder(directory);
        var layout = SmallCnnLayout();
        LayoutCsv.Write(zoo.LayoutPath, layout);
        WriteWeights(zoo.WeightsPath, rows, layout.ParameterCount, seed, nonFiniteEvery);
        WriteMetrics(zoo.MetricsPath, rows, datasets ?? ["mnist"], seed);
        return zoo;
    }

    private static void WriteWeights(string path, int rows, int p, int seed, int nonFiniteEvery)
    {
        // A block of random rows, each written rows scaled by a per-row factor: random-looking
        // values at memory speed, without drawing 1e9 random numbers.
        const int blockRows = 1_000;
        var random = new Random(seed);
        var block = new float[blockRows * p];
        for (var i = 0; i < block.Length; i++) block[i] = (float)(random.NextDouble() * 2 - 1) * 0.3f;
        var chunk = new float[blockRows * p];
        using var writer = NpyWriter.Create(path, rows, p);
        for (var first = 0; first < rows; first += blockRows)
        {
            var n = Math.Min(blockRows, rows - first);
            for (var i = 0; i < n; i++)
            {
                var scale = 1 + (first + i) * 1e-6f;
                var source = block.AsSpan(i * p, p);
                var target = chunk.AsSpan(i * p, p);
                for (var k = 0; k < p; k++) target[k] = source[k] * scale;
                if ((first + i) % nonFiniteEvery == nonFiniteEvery - 1) target[(first + i) % p] = float.NaN;
            }
            writer.WriteRows(chunk.AsSpan(0, n * p));
        }
        writer.Complete();
    }

    private static void WriteMetrics(string path, int rows, IReadOnlyList<string> datasets, int seed)
    {
        string[] activations = ["relu", "tanh"], inits = ["RandomNormal", "TruncatedNormal", "GlorotNormal", "HeNormal", "Orthogonal"],
            optimizers = ["adam", "sgd", "rmsprop"];
        double[] fractions = [0.1, 0.25, 0.5, 1.0];
        var random = new Random(seed + 1);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var text = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16);
        text.Write(",config.activation,config.b_init,config.dataset,config.dnn_architecture,config.dropout,config.epochs,"
            + "config.epochs_between_checkpoints,config.init_std,config.l2reg,config.learning_rate,config.num_layers,config.num_units,"
            + "config.optimizer,config.random_seed,config.train_fraction,config.w_init,modeldir,step,test_accuracy,test_loss,train_accuracy,train_loss\n");
        var inv = CultureInfo.InvariantCulture;
        for (var r = 0; r < rows; r++)
        {
            var run = r / Steps.Length;
            var step = Steps[r % Steps.Length];
            var runRandom = new Random(seed * 1_000_003 + run);
            var accuracy = Math.Clamp(0.1 + 0.8 * runRandom.NextDouble() * (step + 1) / 87.0 + 0.05 * random.NextDouble(), 0, 1);
            text.Write(string.Create(inv, $"{r},{activations[runRandom.Next(2)]},zeros,{datasets[run % datasets.Count]},cnn,{runRandom.NextDouble() * 0.7:R},86,"
                + $"{(step < 4 ? 1 : 20)},{Math.Exp(-7 + 6 * runRandom.NextDouble()):R},{Math.Exp(-18 + 16 * runRandom.NextDouble()):R},"
                + $"{Math.Exp(-12 + 11 * runRandom.NextDouble()):R},3,16,{optimizers[runRandom.Next(3)]},{run},{fractions[runRandom.Next(4)]:R},"
                + $"{inits[runRandom.Next(5)]},run_{run:D6},{step}.0,{accuracy:R},{2.3 * (1 - accuracy):R},{Math.Min(1, accuracy + 0.02):R},{2.2 * (1 - accuracy):R}\n"));
        }
    }
}
