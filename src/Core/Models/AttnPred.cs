using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// AttnEnc + head (thesis §4.2.3, "AttnPred"): an encoder (<see cref="AttnEnc1"/>,
/// <see cref="AttnEnc2"/>) maps the flat weights to its tanh bottleneck, a linear layer maps that
/// to the outputs. Sigmoid head for accuracy in [0, 1], logits for hyper-parameter classes, linear
/// for e.g. the epoch.
/// </summary>
/// <remarks>
/// Only the encoder and the head are held, so the parameter count is what trains. To start from an
/// auto-encoder trained for reconstruction, build the encoder alone and load the auto-encoder's
/// <c>encoder.*</c> weights into it.
/// </remarks>
public sealed class AttnPred : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Linear head;
    private readonly IWeightEncoder _encoder;
    private readonly PredictionHead _kind;

    /// <param name="encoder">an <see cref="AttnEnc1"/>, <see cref="AttnEnc2"/> or other module implementing <see cref="IWeightEncoder"/>.</param>
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

    /// <summary>The wrapped encoder (e.g. to read attention maps or switch an AttnEnc2 layout).</summary>
    public Module<Tensor, Tensor> Encoder => encoder;

    public override Tensor forward(Tensor flat) =>
        PredictionHeads.Apply(_kind, head.forward(_encoder.Encode(flat))); // (B, outputs)
}
