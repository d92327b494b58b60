using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="GruAttention"/>.</summary>
/// <param name="Hidden">GRU state size per direction (224 gives the thesis' ~2M parameters on chunks:4 of the CNN zoo).</param>
/// <param name="Embedding">size of the attention-pooled embedding (thesis: 128).</param>
public sealed record GruAttentionConfig(int Hidden = 224, int Embedding = 128, double Dropout = 0.0);

/// <summary>
/// The thesis' "GRU + attention" (Table 8): a bidirectional GRU reads the tokens in order; additive
/// attention pools its output sequence into one embedding, and a linear map with a sigmoid gives
/// test accuracy. Input and output are flat: (B, P) -> (B, 1).
/// </summary>
public sealed class GruAttention : Module<Tensor, Tensor>
{
    private readonly TokenGather _tokens;
    private readonly GRU gru;
    private readonly Linear project;
    private readonly Linear score;
    private readonly Dropout dropout;
    private readonly Linear head;

    public GruAttention(GruAttentionConfig config, TokenScheme scheme) : base(nameof(GruAttention))
    {
        Config = config;
        _tokens = new TokenGather(scheme, scheme.MaxLength);
        gru = nn.GRU(scheme.MaxLength, config.Hidden, numLayers: 1, batchFirst: true, bidirectional: true);
        project = nn.Linear(2 * config.Hidden, config.Embedding);
        score = nn.Linear(config.Embedding, 1, hasBias: false);
        dropout = nn.Dropout(config.Dropout);
        head = nn.Linear(config.Embedding, 1);
        RegisterComponents();
    }

    public GruAttentionConfig Config { get; }

    public override Tensor forward(Tensor flat)
    {
        var tokens = _tokens.ToTokens(flat);                      // (B, T, L)
        var (sequence, _) = gru.forward(tokens, null);            // (B, T, 2H)
        var keys = project.forward(sequence).tanh();              // (B, T, E)
        var weights = score.forward(keys).softmax(1);             // (B, T, 1), over tokens
        var embedding = (weights * keys).sum(1);                  // (B, E)
        return head.forward(dropout.forward(embedding)).sigmoid(); // (B, 1)
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tokens.Dispose();
        base.Dispose(disposing);
    }
}
