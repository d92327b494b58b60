using WeightSpace.Core.Cnn;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Bench;

/// <summary>
/// A zoo folder in the Small CNN Zoo format (4,970 weights per checkpoint, the published layout)
/// with random weights and a planted relation to accuracy, for tests and benches of the analysis
/// stages before (or without) a trained CNN zoo. Each model draws a quality q in [0, 1]; at
/// training progress t = epoch / last epoch its weights are Gaussian with standard deviation
/// 0.05 + 0.3 q t (kernels) and 0.02 + 0.1 q t (biases), and its test accuracy is 0.1 + 0.85 q t
/// rounded to 0.01, so every epoch-0 checkpoint ties at chance level as real zoos do.
/// </summary>
public static class SyntheticCnnZoo
{
    /// <summary>The published Small CNN Zoo layout: bias before kernel in each layer, kernels HWIO (the trainer's own).</summary>
    public static IReadOnlyList<LayoutEntry> Entries => SmallCnn.Entries;

    public static double Accuracy(double quality, double progress) => Math.Round(0.1 + 0.85 * quality * progress, 2);

    /// <summary>Writes weights.npy, layout.csv and metrics.csv.gz of <paramref name="models"/> x <paramref name="epochs"/> checkpoints.</summary>
    public static ZooFolder Write(string directory, int models, int epochs, int seed)
    {
        if (epochs < 2) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "need at least two checkpoints per model");
        var layout = WeightLayout.Create(Entries);
        var rng = new Random(seed);
        var metrics = new List<CheckpointMetrics>();
        Directory.CreateDirectory(directory);
        var folder = new ZooFolder(directory);
        using (var writer = NpyWriter.Create(folder.WeightsPath, (long)models * epochs, layout.ParameterCount))
        {
            var row = new float[layout.ParameterCount];
            string[] activations = ["relu", "tanh"], inits = ["glorot_normal", "he_normal"];
            for (var m = 0; m < models; m++)
            {
                var quality = rng.NextDouble();
                var (activation, init) = (activations[m % 2], inits[m / 2 % 2]);
                for (var e = 0; e < epochs; e++)
                {
                    var t = e / (double)(epochs - 1);
                    foreach (var entry in Entries)
                    {
                        var sd = entry.IsBias ? 0.02 + 0.1 * quality * t : 0.05 + 0.3 * quality * t;
                        for (var i = entry.Start; i < entry.End; i++) row[i] = (float)(sd * StandardNormal.Draw(rng));
                    }
                    writer.WriteRows(row);
                    var accuracy = Accuracy(quality, t);
                    metrics.Add(new CheckpointMetrics($"run-{m:D5}", e, accuracy, accuracy, 2.3 * (1 - accuracy), 2.3 * (1 - accuracy),
                        new Dictionary<string, string> { ["activation"] = activation, ["w_init"] = init, ["dataset"] = "synthetic", ["dnn_architecture"] = "cnn" }));
                }
            }
            writer.Complete();
        }
        ZooFolder.WriteTables(directory, layout, metrics);
        return folder;
    }
}
