using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>The non-linearity of the MLP inside a transformer block or an MLP model.</summary>
public enum Nonlinearity
{
    Gelu,
    Relu,
}
