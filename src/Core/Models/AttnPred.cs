using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// AttnEnc + head (thesis §4.2.3, "AttnPred"): the encoder of an attention auto-encoder maps the
/// flat weights to its tanh bottleneck, a linear layer maps that to the outputs. Sigmoid head for
/// accuracy in [0, 1], logits for hyper-parameter classes, linear for e.g. the epoch.
/// </summary>
/// <remarks>
/// The whole auto-encoder is held (its decoder unused and without gradients), so a model trained
/// for reconstruction can be loaded first and fine-tuned here, or a fresh one trained end to end.
/// </remarks>
public sealed class AttnPred : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Linear head;
    private readonly IWeightEncoder _encoder;
    private readonly PredictionHead _kind;

    /// <param name="encoder">an <see cref="AttnAe1"/>, <see cref="AttnAe2"/> or other module implementing <see cref="IWeightEncoder"/>.</param>
    public AttnPred(Module<Tensor, Tensor> encoder, int outputs, PredictionHead head) : base(nameof(AttnPred))
    {
        _encoder = encoder as IWeightEncoder
            ?? throw new ArgumentException($"{encoder.GetType().Name} does not implement {nameof(IWeightEncoder)}", nameof(encoder));
        _kind = head;
        this.encoder = encoder;
        this.head = nn.Linear(_encoder.LatentSize, outputs);
        RegisterComponents();
    }

    public PredictionHead Head => _kind;

    /// <summary>The wrapped encoder (e.g. to read attention maps or switch an AttnAE II layout).</summary>
    public Module<Tensor, Tensor> Encoder => encoder;

    public override Tensor forward(Tensor flat) =>
        PredictionHeads.Apply(_kind, head.forward(_encoder.Encode(flat))); // (B, outputs)
}

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
