using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>The thesis' 4-layer MLP predictor from flat weights (or features): in -> h -> h -> h -> outputs.</summary>
public sealed class MlpPredictor : Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly PredictionHead _head;

    public MlpPredictor(MlpPredictorConfig config, int inputs) : base(nameof(MlpPredictor))
    {
        _head = config.Head;
        layers = Mlp.Build([inputs, config.Hidden, config.Hidden, config.Hidden, config.Outputs], config.Activation, config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => PredictionHeads.Apply(_head, layers.forward(x)); // (B, outputs)
}
