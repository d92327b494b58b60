using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="DnnPredictor"/>: the hidden widths and the dropout after each.</summary>
/// <param name="Hidden">widths between input and the single output; n widths give n + 1 linear layers.</param>
public sealed record DnnConfig(IReadOnlyList<int> Hidden, double Dropout, Nonlinearity Activation = Nonlinearity.Relu)
{
    /// <summary>
    /// The thesis' vanilla DNN (Table 8): ten linear layers, dropout 0.1, no norm layers; these widths
    /// give ~1.8M parameters on the CNN zoo's 4,970 weights, the thesis' size.
    /// </summary>
    public static DnnConfig Thesis { get; } = new([320, 256, 256, 128, 128, 64, 64, 32, 16], 0.1);

    /// <summary>
    /// Unterthiner et al.'s DNN on raw weights: a plain fully connected ReLU network whose size the
    /// paper tuned within ~1.5-3.6M parameters; three hidden layers of 512 (~3.1M on 4,970 weights)
    /// sit in that range. The paper's exact tuned settings are not reproduced here.
    /// </summary>
    public static DnnConfig Unterthiner { get; } = new([512, 512, 512], 0.1);
}

/// <summary>A plain MLP from flat inputs (B, F) to one sigmoid output (B, 1), e.g. test accuracy.</summary>
public sealed class DnnPredictor : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public DnnPredictor(DnnConfig config, int inputs) : base(nameof(DnnPredictor))
    {
        Config = config;
        layers = Mlp.Build([inputs, .. config.Hidden, 1], config.Activation, config.Dropout);
        RegisterComponents();
    }

    public DnnConfig Config { get; }

    public override Tensor forward(Tensor x) => layers.forward(x).sigmoid(); // (B, 1)
}
