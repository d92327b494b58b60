using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// Attention auto-encoder I (thesis §3.1). Encoder (<see cref="AttnEnc1"/>): one linear embedder
/// per token -> N blocks -> concatenation -> linear seq2neck -> tanh. Decoder: one linear per
/// token from the neck to d_model -> N blocks -> one MLP per token back to the token's weights.
/// Takes and returns flat weight vectors (B, P); tokens are cut by the given <see cref="TokenScheme"/>.
/// </summary>
/// <remarks>The seq2neck layer has T x d_model x latent weights: fine for tetris, heavy for large T (the thesis' reason for AttnAE II).</remarks>
public sealed class AttnAe1 : Module<Tensor, Tensor>, IWeightAutoEncoder
{
    private readonly AttnEnc1 encoder;
    private readonly TokenwiseLinear neck2seq;
    private readonly TransformerStack decoder;
    private readonly TokenwiseLinear out1;
    private readonly Module<Tensor, Tensor> outAct;
    private readonly TokenwiseLinear out2;

    public AttnAe1(AttnAe1Config config, TokenScheme scheme) : base(nameof(AttnAe1))
    {
        Config = config;
        encoder = new AttnEnc1(config, scheme); // first: the same initial encoder weights as an AttnEnc1 built alone
        int t = scheme.Count, l = scheme.MaxLength, d = config.DModel;
        var hidden = config.OutputHidden > 0 ? config.OutputHidden : d;
        neck2seq = new TokenwiseLinear(t, config.Latent, d);
        decoder = new TransformerStack(config.Blocks, d, config.Heads, config.MlpRatio * d, config.Dropout, config.PreNorm, config.Activation);
        out1 = new TokenwiseLinear(t, d, hidden);
        outAct = Activations.Create(config.Activation);
        out2 = new TokenwiseLinear(t, hidden, l);
        RegisterComponents();
    }

    public AttnAe1Config Config { get; }
    public TokenScheme Scheme => encoder.Scheme;
    public int LatentSize => Config.Latent;

    /// <summary>The encoder's blocks, e.g. to keep and read their per-head attention maps (B, heads, T, T).</summary>
    public TransformerStack EncoderBlocks => encoder.Blocks;

    public Tensor Encode(Tensor flat) => encoder.Encode(flat); // (B, latent)

    public Tensor Decode(Tensor latent)
    {
        var tokens = encoder.Tokens;
        var b = latent.shape[0];
        var z = latent.unsqueeze(1).expand(b, tokens.Tokens, Config.Latent); // (B, T, latent)
        var x = decoder.forward(neck2seq.forward(z));                  // (B, T, d)
        var w = out2.forward(outAct.forward(out1.forward(x)));         // (B, T, L)
        return tokens.ToFlat(w);                                       // (B, P)
    }

    public override Tensor forward(Tensor flat) => Decode(Encode(flat));
}
