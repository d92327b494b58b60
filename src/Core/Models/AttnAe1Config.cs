using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="AttnAe1"/> (thesis §3.1; Table 3 used d 128, 1-2 blocks, latent 20).</summary>
/// <param name="DModel">token embedding width; the transformer's working width.</param>
/// <param name="Heads">attention heads per block; must divide <paramref name="DModel"/>.</param>
/// <param name="Blocks">transformer blocks in the encoder and again in the decoder.</param>
/// <param name="Latent">bottleneck size (thesis: 20 for tetris).</param>
/// <param name="MlpRatio">block MLP width = MlpRatio x DModel, the usual Transformer ratio.</param>
/// <param name="OutputHidden">hidden width of each token's output MLP; 0 means DModel.</param>
/// <param name="Dropout">dropout in attention, residual branches and MLPs.</param>
/// <param name="PreNorm">pre-norm blocks train more stably when stacked; false gives the original post-norm.</param>
/// <param name="Activation">non-linearity of the block and output MLPs.</param>
public sealed record AttnAe1Config(
    int DModel = 128,
    int Heads = 4,
    int Blocks = 1,
    int Latent = 20,
    int MlpRatio = 4,
    int OutputHidden = 0,
    double Dropout = 0.0,
    bool PreNorm = true,
    Nonlinearity Activation = Nonlinearity.Gelu);
