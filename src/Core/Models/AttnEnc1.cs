using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// The encoder of attention auto-encoder I (thesis §3.1), alone: one linear embedder per token ->
/// N blocks -> concatenation -> linear seq2neck -> tanh. <see cref="AttnAe1"/> adds the decoder;
/// <see cref="AttnPred"/> adds a prediction head ("AttnEnc" of Tables 5 and 6), so a predictor
/// holds and counts only what it trains.
/// </summary>
/// <remarks>Built in the same order as the encoder half of <see cref="AttnAe1"/>, so with the same seed both start from the same weights.</remarks>
public sealed class AttnEnc1 : Module<Tensor, Tensor>, IWeightEncoder
{
    private readonly TokenwiseLinear embed;
    private readonly TransformerStack blocks;
    private readonly Linear seq2neck;
    private readonly TokenGather _tokens;

    /// <param name="config">the auto-encoder's hyper-parameters; the decoder's (OutputHidden) are not used here.</param>
    public AttnEnc1(AttnAe1Config config, TokenScheme scheme) : base(nameof(AttnEnc1))
    {
        Config = config;
        Scheme = scheme;
        _tokens = new TokenGather(scheme, scheme.MaxLength);
        int t = scheme.Count, d = config.DModel;
        embed = new TokenwiseLinear(t, scheme.MaxLength, d, scheme.Lengths);
        blocks = new TransformerStack(config.Blocks, d, config.Heads, config.MlpRatio * d, config.Dropout, config.PreNorm, config.Activation);
        seq2neck = nn.Linear(t * d, config.Latent);
        RegisterComponents();
    }

    public AttnAe1Config Config { get; }
    public TokenScheme Scheme { get; }
    public int LatentSize => Config.Latent;

    /// <summary>The scheme's tokens padded to its longest (T, L): the decoder puts its outputs back through it.</summary>
    public TokenGather Tokens => _tokens;

    /// <summary>The blocks, e.g. to keep and read their per-head attention maps (B, heads, T, T).</summary>
    public TransformerStack Blocks => blocks;

    public Tensor Encode(Tensor flat)
    {
        var x = embed.forward(_tokens.ToTokens(flat)); // (B, T, d)
        x = blocks.forward(x);                          // (B, T, d)
        return seq2neck.forward(x.flatten(1)).tanh();  // (B, latent)
    }

    public override Tensor forward(Tensor flat) => Encode(flat);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tokens.Dispose();
        base.Dispose(disposing);
    }
}
