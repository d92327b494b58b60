using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Builds activation modules from the <see cref="Nonlinearity"/> enum.</summary>
public static class Activations
{
    public static Module<Tensor, Tensor> Create(Nonlinearity activation) => activation switch
    {
        Nonlinearity.Gelu => nn.GELU(),
        Nonlinearity.Relu => nn.ReLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };
}
