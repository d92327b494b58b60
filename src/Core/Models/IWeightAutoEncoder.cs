using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>An encoder with the inverse map; forward(x) is Decode(Encode(x)).</summary>
public interface IWeightAutoEncoder : IWeightEncoder
{
    Tensor Decode(Tensor latent);
}
