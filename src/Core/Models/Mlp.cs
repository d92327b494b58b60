using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Builds plain MLPs.</summary>
public static class Mlp
{
    /// <summary>Linear layers between consecutive widths, activation (+ dropout) after all but the last.</summary>
    public static Sequential Build(IReadOnlyList<int> widths, Nonlinearity activation, double dropout)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (var i = 0; i + 1 < widths.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            if (i + 2 == widths.Count) break;
            layers.Add(($"act{i}", Activations.Create(activation)));
            if (dropout > 0) layers.Add(($"dropout{i}", nn.Dropout(dropout)));
        }
        return nn.Sequential(layers);
    }
}
