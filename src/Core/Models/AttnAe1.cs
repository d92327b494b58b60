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

/// <summary>
/// Attention auto-encoder I (thesis §3.1). Encoder: one linear embedder per token -> N blocks ->
/// concatenation -> linear seq2neck -> tanh. Decoder: one linear per token from the neck to
/// d_model -> N blocks -> one MLP per token back to the token's weights. Takes and returns flat
/// weight vectors (B, P); tokens are cut by the given <see cref="TokenScheme"/>.
/// </summary>
/// <remarks>The seq2neck layer has T x d_model x latent weights: fine for tetris, heavy for large T (the thesis' reason for AttnAE II).</remarks>
public sealed class AttnAe1 : Module<Tensor, Tensor>, IWeightAutoEncoder
{
    private readonly TokenwiseLinear embed;
    private readonly TransformerStack encoder;
    private readonly Linear seq2neck;
    private readonly TokenwiseLinear neck2seq;
    private readonly TransformerStack decoder;
    private readonly TokenwiseLinear out1;
    private readonly Module<Tensor, Tensor> outAct;
    private readonly TokenwiseLinear out2;
    private readonly TokenGather _tokens;

    public AttnAe1(AttnAe1Config config, TokenScheme scheme) : base(nameof(AttnAe1))
    {
        Config = config;
        Scheme = scheme;
        _tokens = TokenGather.FromScheme(scheme);
        int t = scheme.Count, l = scheme.MaxLength, d = config.DModel;
        var hidden = config.OutputHidden > 0 ? config.OutputHidden : d;
        embed = new TokenwiseLinear(t, l, d, scheme.Lengths);
        encoder = new TransformerStack(config.Blocks, d, config.Heads, config.MlpRatio * d, config.Dropout, config.PreNorm, config.Activation);
        seq2neck = nn.Linear(t * d, config.Latent);
        neck2seq = new TokenwiseLinear(t, config.Latent, d);
        decoder = new TransformerStack(config.Blocks, d, config.Heads, config.MlpRatio * d, config.Dropout, config.PreNorm, config.Activation);
        out1 = new TokenwiseLinear(t, d, hidden);
        outAct = Activations.Create(config.Activation);
        out2 = new TokenwiseLinear(t, hidden, l);
        RegisterComponents();
    }

    public AttnAe1Config Config { get; }
    public TokenScheme Scheme { get; }
    public int LatentSize => Config.Latent;

    /// <summary>The encoder's blocks, e.g. to keep and read their per-head attention maps (B, heads, T, T).</summary>
    public TransformerStack EncoderBlocks => encoder;

    public Tensor Encode(Tensor flat)
    {
        var x = embed.forward(_tokens.ToTokens(flat));             // (B, T, d)
        x = encoder.forward(x);                                     // (B, T, d)
        return seq2neck.forward(x.flatten(1)).tanh();              // (B, latent)
    }

    public Tensor Decode(Tensor latent)
    {
        var b = latent.shape[0];
        var z = latent.unsqueeze(1).expand(b, _tokens.Tokens, Config.Latent); // (B, T, latent)
        var x = decoder.forward(neck2seq.forward(z));                   // (B, T, d)
        var w = out2.forward(outAct.forward(out1.forward(x)));          // (B, T, L)
        return _tokens.ToFlat(w);                                       // (B, P)
    }

    public override Tensor forward(Tensor flat) => Decode(Encode(flat));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tokens.Dispose();
        base.Dispose(disposing);
    }
}
