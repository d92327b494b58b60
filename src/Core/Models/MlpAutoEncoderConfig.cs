using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="MlpAutoEncoder"/>, the thesis' "vanilla" MLP auto-encoder baseline.</summary>
/// <param name="Hidden">encoder widths between input and bottleneck; 4 widths give 5 encoder + 5 decoder = 10 linear layers. Null: [256, 128, 64, 32].</param>
/// <param name="Latent">bottleneck size, as for the attention auto-encoders (20 on tetris).</param>
/// <param name="Activation">non-linearity after every hidden linear layer.</param>
/// <param name="Dropout">dropout after every hidden activation.</param>
/// <param name="TanhBottleneck">squash the code into [-1, 1] as AttnAE does, so latents are comparable.</param>
public sealed record MlpAutoEncoderConfig(
    IReadOnlyList<int>? Hidden = null,
    int Latent = 20,
    Nonlinearity Activation = Nonlinearity.Relu,
    double Dropout = 0.0,
    bool TanhBottleneck = true)
{
    public IReadOnlyList<int> HiddenOrDefault => Hidden ?? [256, 128, 64, 32];
}
