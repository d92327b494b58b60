using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using WeightSpace.Core.Torch;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="ChunkTransformer"/>.</summary>
/// <param name="Positions">add sine/cosine position encodings to the token embeddings (the thesis' "Transformer Encoder*").</param>
/// <param name="EmbedHidden">0: one linear embedder shared by every token; &gt; 0: a separate two-layer MLP per token with this hidden width (Encoder*).</param>
/// <param name="HeadHidden">hidden width of the MLP on the concatenated token outputs.</param>
public sealed record ChunkTransformerConfig(
    int DModel = 256,
    int Heads = 4,
    int Blocks = 2,
    int MlpRatio = 4,
    double Dropout = 0.1,
    bool Positions = false,
    int EmbedHidden = 0,
    int HeadHidden = 256)
{
    /// <summary>Thesis "Transformer Encoder + MLP" (~2M parameters on chunks:4 of the CNN zoo).</summary>
    public static ChunkTransformerConfig Thesis { get; } = new();

    /// <summary>Thesis "Transformer Encoder* + MLP": positions and per-token MLP embedders, ~54M parameters.</summary>
    public static ChunkTransformerConfig ThesisWithPositions { get; } =
        new(DModel: 1024, Heads: 8, Blocks: 3, Positions: true, EmbedHidden: 2048, HeadHidden: 256);
}

/// <summary>
/// The thesis' transformer predictors on chunk tokens (Table 8): embed each token, run a
/// transformer encoder, concatenate the T outputs and map them through an MLP to a sigmoid.
/// (B, P) -> (B, 1).
/// </summary>
public sealed class ChunkTransformer : Module<Tensor, Tensor>
{
    private readonly TokenGather _tokens;
    private readonly Module<Tensor, Tensor> embed;
    private readonly TransformerStack encoder;
    private readonly Sequential head;
    private readonly Tensor? positions; // (T, d) fixed, or null

    public ChunkTransformer(ChunkTransformerConfig config, TokenScheme scheme) : base(nameof(ChunkTransformer))
    {
        Config = config;
        _tokens = new TokenGather(scheme, scheme.MaxLength);
        var t = scheme.Count;
        var l = scheme.MaxLength;
        var lengths = Enumerable.Range(0, t).Select(i => scheme.Indices(i).Count(j => j != TokenScheme.Padding)).ToArray();
        embed = config.EmbedHidden > 0
            ? nn.Sequential(
                ("embed0", new TokenwiseLinear(t, l, config.EmbedHidden, lengths)),
                ("act", nn.ReLU()),
                ("embed1", new TokenwiseLinear(t, config.EmbedHidden, config.DModel)))
            : nn.Linear(l, config.DModel);
        encoder = new TransformerStack(config.Blocks, config.DModel, config.Heads, config.MlpRatio * config.DModel, config.Dropout, preNorm: true, Nonlinearity.Gelu);
        head = Mlp.Build([t * config.DModel, config.HeadHidden, 1], Nonlinearity.Relu, config.Dropout);
        if (config.Positions)
        {
            using var scope = NewDisposeScope(); // holds the temporary under the view (docs/reproducibility.md: TorchSharp on Debian 12)
            positions = tensor(SinusoidalEncoding.Encode(Enumerable.Range(0, t).ToArray(), config.DModel)).view(t, config.DModel).DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    public ChunkTransformerConfig Config { get; }

    public override Tensor forward(Tensor flat)
    {
        var x = embed.forward(_tokens.ToTokens(flat)); // (B, T, d)
        if (positions is not null) x = x.Plus(positions.to(x.device));
        x = encoder.forward(x);                        // (B, T, d)
        return head.forward(x.flatten(1)).sigmoid();   // (B, 1)
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tokens.Dispose();
        base.Dispose(disposing);
    }
}
