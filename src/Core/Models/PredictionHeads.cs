using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>Applies a <see cref="PredictionHead"/> to a last linear layer's output.</summary>
public static class PredictionHeads
{
    public static Tensor Apply(PredictionHead head, Tensor x) => head switch
    {
        PredictionHead.Sigmoid => x.sigmoid(),
        PredictionHead.Logits or PredictionHead.Linear => x,
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "unknown prediction head"),
    };
}
