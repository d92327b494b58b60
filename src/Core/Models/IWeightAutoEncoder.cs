using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>A model that maps flat weight vectors (B, P) to a latent code (B, LatentSize).</summary>
public interface IWeightEncoder
{
    int LatentSize { get; }

    Tensor Encode(Tensor flat);
}

/// <summary>An encoder with the inverse map; forward(x) is Decode(Encode(x)).</summary>
public interface IWeightAutoEncoder : IWeightEncoder
{
    Tensor Decode(Tensor latent);
}

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
