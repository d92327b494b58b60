using System.Globalization;
using System.IO.Compression;
using System.Text;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

/// <summary>
/// A small zoo written as Unterthiner et al. published the Small CNN Zoo, not as our generator
/// writes one: weights.npy N x 4970 float32 as numpy saves it, metrics.csv.gz from pandas'
/// to_csv (its unnamed index column first, the config.* columns, modeldir, step, the four
/// accuracies and losses), layout.csv with TensorFlow's variable names and tuple shapes, 9
/// checkpoints per run, and a few rows of non-finite weights.
/// </summary>
public static class PublishedZoo
{
    public static readonly int[] Steps = [0, 1, 2, 3, 20, 40, 60, 80, 86];

    /// <summary>layout.csv of the published MNIST / Fashion-MNIST zoos (one input channel), as published.</summary>
    public const string Layout = """
        varname,start_idx,end_idx,shape
        sequential/conv2d/bias:0,0,16,"(16,)"
        sequential/conv2d/kernel:0,16,160,"(3, 3, 1, 16)"
        sequential/conv2d_1/bias:0,160,176,"(16,)"
        sequential/conv2d_1/kernel:0,176,2480,"(3, 3, 16, 16)"
        sequential/conv2d_2/bias:0,2480,2496,"(16,)"
        sequential/conv2d_2/kernel:0,2496,4800,"(3, 3, 16, 16)"
        sequential/dense/bias:0,4800,4810,"(10,)"
        sequential/dense/kernel:0,4810,4970,"(16, 10)"

        """;

    public const int Parameters = 4970;

    /// <summary>Writes <paramref name="models"/> runs of 9 checkpoints of image set
    /// <paramref name="dataset"/> (config.dataset, e.g. "mnist", "fashion_mnist") into
    /// <paramref name="directory"/>; the rows in <paramref name="nonFinite"/> get a NaN or an
    /// infinity. <paramref name="steps"/>: the checkpoint epochs (the published ones unless given), the last the
    /// number of epochs. Returns the number of rows.</summary>
    public static int Write(string directory, string dataset, int models, IReadOnlyCollection<int> nonFinite, int seed, IReadOnlyList<int>? steps = null)
    {
        steps ??= Steps;
        Directory.CreateDirectory(directory);
        var zoo = new ZooFolder(directory);
        File.WriteAllText(zoo.LayoutPath, Layout.ReplaceLineEndings("\n"));
        var rows = models * steps.Count;
        var random = new Random(seed);
        using (var weights = NpyWriter.Create(zoo.WeightsPath, rows, Parameters))
        {
            var row = new float[Parameters];
            for (var r = 0; r < rows; r++)
            {
                var scale = 0.05f + 0.01f * (r % steps.Count); // weights grow with the epoch, a little
                for (var k = 0; k < row.Length; k++) row[k] = (float)(random.NextDouble() * 2 - 1) * scale;
                if (nonFinite.Contains(r)) row[(r * 37) % Parameters] = r % 2 == 0 ? float.NaN : float.PositiveInfinity;
                weights.WriteRows(row);
            }
            weights.Complete();
        }
        WriteMetrics(zoo.MetricsPath, dataset, models, seed, steps);
        return rows;
    }

    private static void WriteMetrics(string path, string dataset, int models, int seed, IReadOnlyList<int> steps)
    {
        string[] activations = ["relu", "tanh"], inits = ["RandomNormal", "TruncatedNormal", "GlorotNormal", "HeNormal", "Orthogonal"],
            optimizers = ["adam", "sgd", "rmsprop"];
        double[] fractions = [0.1, 0.25, 0.5, 1.0];
        var random = new Random(seed + 1);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var text = new StreamWriter(gzip, new UTF8Encoding(false));
        text.Write(",config.activation,config.b_init,config.dataset,config.dnn_architecture,config.dropout,config.epochs,"
            + "config.epochs_between_checkpoints,config.init_std,config.l2reg,config.learning_rate,config.num_layers,config.num_units,"
            + "config.optimizer,config.random_seed,config.train_fraction,config.w_init,modeldir,step,test_accuracy,test_loss,train_accuracy,train_loss\n");
        var index = 0;
        for (var m = 0; m < models; m++)
        {
            var (activation, init, optimizer) = (activations[m % 2], inits[m % 5], optimizers[m % 3]);
            var (dropout, initStd, l2, rate, fraction) = (0.7 * random.NextDouble(), Math.Exp(-7 + 6 * random.NextDouble()),
                Math.Exp(-18 + 16 * random.NextDouble()), Math.Exp(-12 + 11 * random.NextDouble()), fractions[random.Next(4)]);
            var final = 0.3 + 0.6 * random.NextDouble();
            var epochs = steps[^1];
            foreach (var step in steps)
            {
                var accuracy = 0.1 + (final - 0.1) * Math.Sqrt((double)step / epochs) + 0.02 * random.NextDouble();
                text.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{index++},{activation},zeros,{dataset},cnn,{dropout:R},{epochs},{(step < 3 ? 1 : 20)},{initStd:R},{l2:R},{rate:R},3,16,{optimizer},{seed * 1000 + m},{fraction:R},{init},"
                    + $"gs://small-cnn-zoo/{dataset}/{seed * 1000 + m},{step},{accuracy:R},{2.3 * (1 - accuracy):R},{Math.Min(1, accuracy + 0.03):R},{2.2 * (1 - accuracy):R}\n"));
            }
        }
    }
}
