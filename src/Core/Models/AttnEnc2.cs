using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Torch;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// The encoder of attention auto-encoder II (thesis §3.2), alone: one shared embedder per neuron
/// type, sine/cosine positions, L_k global tokens prepended, N blocks; the bottleneck is
/// tanh(linear(global tokens' outputs)). <see cref="AttnAe2"/> adds the decoder;
/// <see cref="AttnPred"/> adds a prediction head ("AttnEnc" of Tables 5 and 6).
/// </summary>
/// <remarks>
/// <para>Tokens: <see cref="TokenScheme.NeuronGroup(WeightLayout, IReadOnlyList{int})"/> with
/// <c>TypeLengths</c> slots per type (type = layer index), so a layout whose fan-ins fit the slots
/// runs through the same embedders: trained on 16-5-4 with TypeLengths [16, 8], the model also
/// takes 16-6-4.</para>
/// <para>Positions: first half of d_model = sin/cos of the unit's index within its layer, second
/// half = sin/cos of the layer index. Both stay meaningful when a layer gets wider, unlike a global
/// token index, which would shift every later layer.</para>
/// <para>Built in the same order as the encoder half of <see cref="AttnAe2"/>, so with the same seed
/// both start from the same weights.</para>
/// </remarks>
public sealed class AttnEnc2 : Module<Tensor, Tensor>, IWeightEncoder
{
    private readonly ModuleList<Linear> embed;
    private readonly Parameter globals; // (L_k, d)
    private readonly TransformerStack blocks;
    private readonly Linear seq2neck;
    private readonly Dictionary<WeightLayout, Plan> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly int[] _typeLengths;
    private readonly int _d;
    private readonly int _globalCount;
    private WeightLayout _layout;

    /// <param name="config">the auto-encoder's hyper-parameters; the decoder's (OutputHidden) are not used here.</param>
    /// <param name="layout">the layout flat inputs follow; its token lengths are the type lengths unless the config gives them.</param>
    public AttnEnc2(AttnAe2Config config, WeightLayout layout) : base(nameof(AttnEnc2))
    {
        Config = config;
        _d = config.DModel;
        _globalCount = config.GlobalTokens;
        if (_globalCount < 1) throw new ArgumentOutOfRangeException(nameof(config), config.GlobalTokens, "AttnAE II needs at least one global token");
        _typeLengths = (config.TypeLengths ?? layout.Layers.Select(l => l.TokenLength).ToList()).ToArray();
        embed = nn.ModuleList(_typeLengths.Select(n => nn.Linear(n, _d)).ToArray());
        globals = InitialParameter.From(() =>
        {
            using var std = 0.02.ToScalar();
            return randn(_globalCount, _d).mul_(std);
        });
        blocks = new TransformerStack(config.Blocks, _d, config.Heads, config.MlpRatio * _d, config.Dropout, config.PreNorm, config.Activation);
        seq2neck = nn.Linear(_globalCount * _d, config.Latent);
        _layout = layout;
        PlanFor(layout); // validates the layout now rather than at the first forward
        RegisterComponents();
    }

    public AttnAe2Config Config { get; }

    public int LatentSize => Config.Latent;

    /// <summary>Slots per type (type = layer index), as built.</summary>
    public IReadOnlyList<int> TypeLengths => _typeLengths;

    /// <summary>The layout flat inputs follow; may be replaced by a compatible one.</summary>
    public WeightLayout Layout
    {
        get => _layout;
        set
        {
            PlanFor(value);
            _layout = value;
        }
    }

    /// <summary>The blocks; their attention maps are (B, heads, L_k + T, T + L_k), global tokens first.</summary>
    public TransformerStack Blocks => blocks;

    public Tensor Encode(Tensor flat) => Encode(flat, _layout);

    public override Tensor forward(Tensor flat) => Encode(flat, _layout);

    public Tensor Encode(Tensor flat, WeightLayout layout)
    {
        var plan = PlanFor(layout);
        var b = flat.shape[0];
        var slots = plan.Slots.Gather(flat); // (B, S)
        var parts = new List<Tensor>();
        foreach (var g in plan.Types)
        {
            var tokens = slots.narrow(1, g.SlotOffset, g.Count * g.Length).view(b, g.Count, g.Length); // (B, n_k, L_k)
            parts.Add(embed[g.Type].forward(tokens));                                                   // (B, n_k, d)
        }
        var x = cat(parts, 1).Plus(plan.Positions.to(flat.device));                        // (B, T, d)
        x = cat([globals.unsqueeze(0).expand(b, _globalCount, _d), x], 1);             // (B, L_k + T, d)
        x = blocks.forward(x);
        return seq2neck.forward(x.narrow(1, 0, _globalCount).flatten(1)).tanh();      // (B, latent)
    }

    /// <summary>Everything that depends on the layout (the decoder of <see cref="AttnAe2"/> reads it too); built once per layout.</summary>
    internal Plan PlanFor(WeightLayout layout)
    {
        if (_plans.TryGetValue(layout, out var plan)) return plan;
        var scheme = TokenScheme.NeuronGroup(layout, _typeLengths);
        var types = new List<TypeRun>();
        var slotOffset = 0;
        foreach (var type in scheme.Types)
        {
            var tokens = scheme.TokensOfType(type); // contiguous: neuron groups come layer by layer
            var length = scheme.LengthOfType(type);
            types.Add(new TypeRun(type, tokens[0], tokens.Length, length, slotOffset));
            slotOffset += tokens.Length * length;
        }
        var units = Enumerable.Range(0, scheme.Count).Select(scheme.Unit).ToList();
        var layers = Enumerable.Range(0, scheme.Count).Select(scheme.Type).ToList();
        using (NewDisposeScope())
        {
            plan = new Plan(new TokenGather(scheme), types, SinusoidalEncoding.UnitAndLayer(units, layers, _d).DetachFromDisposeScope());
        }
        _plans[layout] = plan;
        return plan;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var plan in _plans.Values)
            {
                plan.Slots.Dispose();
                plan.Positions.Dispose();
            }
            _plans.Clear();
        }
        base.Dispose(disposing);
    }

    /// <summary>The contiguous tokens of one type: where they start in the sequence and in the slot vector.</summary>
    internal sealed record TypeRun(int Type, int TokenOffset, int Count, int Length, int SlotOffset);

    /// <summary>Slot indices, type runs and position encodings (T, d) of one layout.</summary>
    internal sealed record Plan(TokenGather Slots, IReadOnlyList<TypeRun> Types, Tensor Positions)
    {
        public int TokenCount => Slots.Tokens;
    }
}
