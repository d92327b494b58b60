using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="AttnAe2"/> (thesis §3.2; Table 3's best: 4 blocks, d 128, latent 20).</summary>
/// <param name="DModel">token width; divisible by 4 (the position encoding is two sine/cosine halves).</param>
/// <param name="Heads">attention heads per block; must divide <paramref name="DModel"/>.</param>
/// <param name="Blocks">transformer blocks in the encoder and again in the decoder.</param>
/// <param name="Latent">bottleneck size (thesis: 20 for tetris).</param>
/// <param name="GlobalTokens">L_k learnable model-level tokens; the bottleneck reads only their outputs.</param>
/// <param name="TypeLengths">slots of each type's embedder, type = layer index; room above the trained fan-in lets wider models in (see <see cref="AttnAe2"/>). Null: the construction layout's token lengths.</param>
/// <param name="MlpRatio">block MLP width = MlpRatio x DModel.</param>
/// <param name="OutputHidden">hidden width of each type's output MLP; 0 means DModel.</param>
/// <param name="Dropout">dropout in attention, residual branches and MLPs.</param>
/// <param name="PreNorm">pre-norm blocks train more stably at 4+ blocks.</param>
/// <param name="Activation">non-linearity of the block and output MLPs.</param>
public sealed record AttnAe2Config(
    int DModel = 128,
    int Heads = 4,
    int Blocks = 4,
    int Latent = 20,
    int GlobalTokens = 1,
    IReadOnlyList<int>? TypeLengths = null,
    int MlpRatio = 4,
    int OutputHidden = 0,
    double Dropout = 0.0,
    bool PreNorm = true,
    Nonlinearity Activation = Nonlinearity.Gelu);
