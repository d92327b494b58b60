using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="MlpLayerSum"/> (defaults: ~0.8M parameters on chunks:4 of the CNN zoo, the thesis' size).</summary>
/// <param name="Hidden">hidden width of each token's MLP.</param>
/// <param name="Embedding">size of each token's embedding, and of their sum.</param>
/// <param name="HeadHidden">hidden width of the MLP from the summed embedding to accuracy.</param>
public sealed record MlpLayerSumConfig(int Hidden = 144, int Embedding = 128, int HeadHidden = 128, double Dropout = 0.0);

/// <summary>
/// The thesis' "MLPLayer + Sum" (Table 8): a separate two-layer MLP embeds each token, the
/// embeddings are added with equal weight, and an MLP maps the sum to a sigmoid. (B, P) -> (B, 1).
/// </summary>
public sealed class MlpLayerSum : Module<Tensor, Tensor>
{
    private readonly TokenGather _tokens;
    private readonly TokenwiseLinear embed0;
    private readonly TokenwiseLinear embed1;
    private readonly Sequential head;

    public MlpLayerSum(MlpLayerSumConfig config, TokenScheme scheme) : base(nameof(MlpLayerSum))
    {
        Config = config;
        _tokens = new TokenGather(scheme, scheme.MaxLength);
        var lengths = Enumerable.Range(0, scheme.Count).Select(i => scheme.Indices(i).Count(j => j != TokenScheme.Padding)).ToArray();
        embed0 = new TokenwiseLinear(scheme.Count, scheme.MaxLength, config.Hidden, lengths);
        embed1 = new TokenwiseLinear(scheme.Count, config.Hidden, config.Embedding);
        head = Mlp.Build([config.Embedding, config.HeadHidden, 1], Nonlinearity.Relu, config.Dropout);
        RegisterComponents();
    }

    public MlpLayerSumConfig Config { get; }

    public override Tensor forward(Tensor flat)
    {
        var h = embed0.forward(_tokens.ToTokens(flat)).relu(); // (B, T, hidden)
        var sum = embed1.forward(h).sum(1);                    // (B, E)
        return head.forward(sum.relu()).sigmoid();             // (B, 1)
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tokens.Dispose();
        base.Dispose(disposing);
    }
}
