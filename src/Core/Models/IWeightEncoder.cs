using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>A model that maps flat weight vectors (B, P) to a latent code (B, LatentSize).</summary>
public interface IWeightEncoder
{
    int LatentSize { get; }

    Tensor Encode(Tensor flat);
}
