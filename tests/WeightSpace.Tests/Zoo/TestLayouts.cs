using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

/// <summary>Layouts and weights shared by the tokenizer and augmentation tests.</summary>
public static class TestLayouts
{
    /// <summary>The tetris model: 16 -> 5 -> 4, no biases, 100 weights.</summary>
    public static WeightLayout Tetris { get; } = WeightLayout.Fcn([16, 5, 4], biases: false);

    /// <summary>A small FCN with biases and two hidden layers.</summary>
    public static WeightLayout FcnWithBiases { get; } = WeightLayout.Fcn([6, 4, 3, 2], biases: true);

    /// <summary>The published Small CNN Zoo layout (4970 weights), bias before kernel in each layer.</summary>
    /// <summary>The published Small CNN Zoo layout (4970 weights), entry by entry.</summary>
    public static readonly LayoutEntry[] CnnEntries =
    [
        new("sequential/conv2d/bias:0", 0, 16, [16]),
        new("sequential/conv2d/kernel:0", 16, 160, [3, 3, 1, 16]),
        new("sequential/conv2d_1/bias:0", 160, 176, [16]),
        new("sequential/conv2d_1/kernel:0", 176, 2480, [3, 3, 16, 16]),
        new("sequential/conv2d_2/bias:0", 2480, 2496, [16]),
        new("sequential/conv2d_2/kernel:0", 2496, 4800, [3, 3, 16, 16]),
        new("sequential/dense/bias:0", 4800, 4810, [10]),
        new("sequential/dense/kernel:0", 4810, 4970, [16, 10]),
    ];

    public static WeightLayout Cnn { get; } = WeightLayout.Create(CnnEntries);

    public static WeightLayout ByName(string name) => name switch
    {
        "tetris" => Tetris,
        "fcn-biases" => FcnWithBiases,
        "cnn" => Cnn,
        _ => throw new ArgumentException(name),
    };

    /// <summary>n rows of distinct Gaussian-ish weights with a per-row scale.</summary>
    public static float[] RandomRows(int n, int p, int seed, double scale = 0.5)
    {
        var rng = new Random(seed);
        var rows = new float[n * p];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return rows;
    }
}
