namespace WeightSpace.Core.Cnn;

/// <summary>Per model and checkpoint (model-major): flat weights in the published layout and the metrics.</summary>
public sealed record CnnCheckpoints(int Models, IReadOnlyList<int> Epochs, float[] Weights,
    float[] TrainAccuracy, float[] TestAccuracy, float[] TrainLoss, float[] TestLoss)
{
    public static CnnCheckpoints Empty(int models, IReadOnlyList<int> epochs)
    {
        var rows = models * epochs.Count;
        return new(models, epochs, new float[(long)rows * SmallCnn.ParameterCount], new float[rows], new float[rows], new float[rows], new float[rows]);
    }

    /// <summary>Row of model <paramref name="model"/>'s <paramref name="checkpoint"/>-th checkpoint (an index into Epochs).</summary>
    public int Row(int model, int checkpoint) => model * Epochs.Count + checkpoint;

    public ReadOnlySpan<float> WeightsOf(int row) => Weights.AsSpan(row * SmallCnn.ParameterCount, SmallCnn.ParameterCount);
}
