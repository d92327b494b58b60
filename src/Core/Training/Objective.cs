namespace WeightSpace.Core.Training;

/// <summary>What a <see cref="Trainer"/> fits and with which loss.</summary>
public enum Objective
{
    /// <summary>Auto-encoding: MSE between the model's output and its (clean, identically permuted) input.</summary>
    Reconstruction,
    /// <summary>MSE between the model's output (e.g. a sigmoid head) and float targets.</summary>
    Regression,
    /// <summary>Cross-entropy between the model's logits and integer class labels.</summary>
    Classification,
}
