using WeightSpace.Core.Models;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>One learned predictor row of Tables 5 and 6.</summary>
/// <param name="Build">Builds the model for the zoo's layout with the given output count and head.</param>
public sealed record PredictorSpec(string Method, string Input, string Config, bool Permute,
    Func<WeightLayout, int, PredictionHead, nn.Module<Tensor, Tensor>> Build)
{
    public string Augmentation => Permute ? "permutation" : "none";
}
