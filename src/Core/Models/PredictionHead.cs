using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>What a predictor's last layer produces.</summary>
public enum PredictionHead
{
    /// <summary>Sigmoid of a linear map: targets in [0, 1], e.g. test accuracy; train with MSE.</summary>
    Sigmoid,
    /// <summary>Raw class scores; softmax belongs to the loss (cross-entropy) or to the caller.</summary>
    Logits,
    /// <summary>Unbounded regression, e.g. the epoch of a checkpoint.</summary>
    Linear,
}
