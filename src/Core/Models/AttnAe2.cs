using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Torch;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// Attention auto-encoder II (thesis §3.2). Encoder (<see cref="AttnEnc2"/>): one shared embedder
/// per neuron type, sine/cosine positions, L_k global tokens prepended; the bottleneck is
/// tanh(linear(global tokens' outputs)). The decoder builds the sequence [L_k tokens from the neck;
/// neck projection + position of each output token], runs N blocks and maps each output token back
/// through its type's MLP.
/// </summary>
/// <remarks>
/// <para>Tokens: <see cref="TokenScheme.NeuronGroup(WeightLayout, IReadOnlyList{int})"/>, type k
/// at <c>TypeLengths[k]</c> slots (bias in the last slot). The output MLP of type k predicts all
/// slots; only the real ones are read back.</para>
/// <para>Layouts: <see cref="Layout"/> is the layout that flat inputs follow; set it to another
/// layout (same or fewer layers, fan-ins within TypeLengths) to run or fine-tune on it.</para>
/// </remarks>
public sealed class AttnAe2 : Module<Tensor, Tensor>, IWeightAutoEncoder
{
    private readonly AttnEnc2 encoder;
    private readonly Linear neck2globals;
    private readonly Linear neck2query;
    private readonly TransformerStack decoder;
    private readonly ModuleList<Sequential> outMlp;
    private readonly int _d;
    private readonly int _globalCount;

    public AttnAe2(AttnAe2Config config, WeightLayout layout) : base(nameof(AttnAe2))
    {
        Config = config;
        encoder = new AttnEnc2(config, layout); // first: the same initial encoder weights as an AttnEnc2 built alone
        _d = config.DModel;
        _globalCount = config.GlobalTokens;
        var hidden = config.OutputHidden > 0 ? config.OutputHidden : _d;
        neck2globals = nn.Linear(config.Latent, _globalCount * _d);
        neck2query = nn.Linear(config.Latent, _d);
        decoder = new TransformerStack(config.Blocks, _d, config.Heads, config.MlpRatio * _d, config.Dropout, config.PreNorm, config.Activation);
        outMlp = nn.ModuleList(encoder.TypeLengths.Select(n =>
            nn.Sequential(nn.Linear(_d, hidden), Activations.Create(config.Activation), nn.Linear(hidden, n))).ToArray());
        RegisterComponents();
    }

    public AttnAe2Config Config { get; }

    public int LatentSize => Config.Latent;

    /// <summary>Slots per type (type = layer index), as built.</summary>
    public IReadOnlyList<int> TypeLengths => encoder.TypeLengths;

    /// <summary>The layout flat inputs and outputs follow; may be replaced by a compatible one.</summary>
    public WeightLayout Layout
    {
        get => encoder.Layout;
        set => encoder.Layout = value;
    }

    /// <summary>The encoder's blocks; their attention maps are (B, heads, L_k + T, T + L_k), global tokens first.</summary>
    public TransformerStack EncoderBlocks => encoder.Blocks;

    public Tensor Encode(Tensor flat) => encoder.Encode(flat, Layout);

    public Tensor Decode(Tensor latent) => Decode(latent, Layout);

    public override Tensor forward(Tensor flat) => Decode(Encode(flat, Layout), Layout);

    public Tensor Encode(Tensor flat, WeightLayout layout) => encoder.Encode(flat, layout);

    public Tensor Decode(Tensor latent, WeightLayout layout)
    {
        var plan = encoder.PlanFor(layout);
        var b = latent.shape[0];
        var g0 = neck2globals.forward(latent).view(b, _globalCount, _d);                          // (B, L_k, d)
        var queries = neck2query.forward(latent).unsqueeze(1).Plus(plan.Positions.to(latent.device)); // (B, T, d)
        var x = decoder.forward(cat([g0, queries], 1)).narrow(1, _globalCount, plan.TokenCount);  // (B, T, d)
        var parts = new List<Tensor>();
        foreach (var g in plan.Types)
        {
            var y = outMlp[g.Type].forward(x.narrow(1, g.TokenOffset, g.Count)); // (B, n_k, L_k)
            parts.Add(y.reshape(b, g.Count * g.Length));
        }
        return plan.Slots.Scatter(cat(parts, 1)); // (B, P)
    }
}
