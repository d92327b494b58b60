namespace WeightSpace.Core.Cnn;

/// <summary>
/// What Unterthiner et al. (2020) published of their Small CNN Zoo's training (the dnn_predict_accuracy
/// folder of google-research/google-research: train_network.py and README.md), where a zoo is compared with it.
/// </summary>
public static class PublishedCnnZoo
{
    /// <summary>Epochs every run trained (README: config.epochs is always 86).</summary>
    public const int Epochs = 86;

    /// <summary>The epochs recorded: train_network.py evaluates before epochs 0-3 and every 20th, and once after the last.</summary>
    public static readonly IReadOnlyList<int> Checkpoints = [0, 1, 2, 3, 20, 40, 60, 80, 86];

    /// <summary>Images per step: the batchsize flag's default (the README's config columns do not list it as varied).</summary>
    public const int BatchSize = 512;

    /// <summary>Training images of MNIST and Fashion-MNIST in TensorFlow Datasets' train split, to which config.train_fraction applies.</summary>
    public const int TrainImages = 60_000;

    /// <summary>Test images every checkpoint is evaluated on (TensorFlow Datasets' test split).</summary>
    public const int TestImages = 10_000;

    /// <summary>Models per image set (README: 269,973 MNIST rows and 270,000 Fashion-MNIST rows of 9 checkpoints).</summary>
    public static int Models(string publishedDataset) => publishedDataset == "mnist" ? 29_997 : 30_000;
}
