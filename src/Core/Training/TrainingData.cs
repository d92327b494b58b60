namespace WeightSpace.Core.Training;

/// <summary>
/// Samples held in memory: <see cref="Inputs"/> is Count x Features row-major; targets are float
/// rows (Count x TargetWidth) for regression, class indices for classification, or absent for
/// reconstruction (the inputs are the targets).
/// </summary>
public sealed record TrainingData
{
    public TrainingData(float[] inputs, int features, float[]? targets = null, int targetWidth = 0, long[]? labels = null)
    {
        if (features < 1 || inputs.Length % features != 0)
            throw new ArgumentException($"{inputs.Length} input values are not whole rows of {features} features", nameof(inputs));
        Inputs = inputs;
        Features = features;
        Count = inputs.Length / features;
        if (targets is not null && (targetWidth < 1 || targets.Length != Count * targetWidth))
            throw new ArgumentException($"{targets.Length} target values do not give {Count} rows of {targetWidth}", nameof(targets));
        if (labels is not null && labels.Length != Count)
            throw new ArgumentException($"{labels.Length} labels for {Count} samples", nameof(labels));
        Targets = targets;
        TargetWidth = targets is null ? 0 : targetWidth;
        Labels = labels;
    }

    public float[] Inputs { get; }
    public int Features { get; }
    public int Count { get; }
    public float[]? Targets { get; }
    public int TargetWidth { get; }
    public long[]? Labels { get; }
}
