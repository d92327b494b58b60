using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using WeightSpace.Core.Torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// T independent linear maps, one per token, applied in one batched einsum: (B, T, in) -> (B, T, out).
/// This is AttnAE I's "one embedder per token" without T separate modules (58 on the CNN zoo).
/// Tokens shorter than <c>in</c> are zero-padded, so their extra weight rows never receive a gradient;
/// <paramref name="inputSizes"/> gives each token's real fan-in for the initialisation scale.
/// </summary>
public sealed class TokenwiseLinear : Module<Tensor, Tensor>
{
    private readonly Parameter weight; // (T, in, out)
    private readonly Parameter bias;   // (T, out)

    public TokenwiseLinear(int tokens, int inFeatures, int outFeatures, IReadOnlyList<int>? inputSizes = null)
        : base(nameof(TokenwiseLinear))
    {
        if (inputSizes is not null && inputSizes.Count != tokens)
            throw new ArgumentException($"{inputSizes.Count} input sizes given for {tokens} tokens", nameof(inputSizes));
        // Same scale as nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), per token.
        var bound = tensor((inputSizes ?? Enumerable.Repeat(inFeatures, tokens).ToList())
            .Select(n => (float)(1.0 / Math.Sqrt(Math.Max(1, n)))).ToArray());
        using (no_grad())
        using (var two = 2.ToScalar())
        using (var one = 1.ToScalar())
        {
            // U(-bound, bound): 2 u - 1 scaled per token
            weight = InitialParameter.From(() => rand(tokens, inFeatures, outFeatures).mul_(two).sub_(one).mul_(bound.view(tokens, 1, 1)));
            bias = InitialParameter.From(() => rand(tokens, outFeatures).mul_(two).sub_(one).mul_(bound.view(tokens, 1)));
        }
        bound.Dispose();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => einsum("bti,tio->bto", x, weight).Plus(bias); // (B, T, out)
}
