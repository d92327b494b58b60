using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>The 3-layer MLP probe on bottleneck codes (thesis Table 7): latent -> h -> h -> outputs.</summary>
public sealed class MlpProbe : Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly PredictionHead _head;

    public MlpProbe(MlpPredictorConfig config, int inputs) : base(nameof(MlpProbe))
    {
        _head = config.Head;
        layers = Mlp.Build([inputs, config.Hidden, config.Hidden, config.Outputs], config.Activation, config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => PredictionHeads.Apply(_head, layers.forward(x)); // (B, outputs)
}
