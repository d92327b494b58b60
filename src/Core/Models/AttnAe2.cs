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

/// <summary>
/// Attention auto-encoder II (thesis §3.2): one shared embedder per neuron type, sine/cosine
/// positions, L_k global tokens prepended; the bottleneck is tanh(linear(global tokens' outputs)).
/// The decoder builds the sequence [L_k tokens from the neck; neck projection + position of each
/// output token], runs N blocks and maps each output token back through its type's MLP.
/// </summary>
/// <remarks>
/// <para>Types: a token's type is its layer index (neuronGroup tokens). Type k's embedder reads
/// <c>TypeLengths[k]</c> slots: the neuron's incoming weights fill slots [0, fan-in) (conv: OIHW
/// order, so extra input channels come last), the bias, if the layer has one, sits in the LAST slot,
/// and the slots between are zero. A zero slot is what a missing input weight contributes, so a
/// layout whose fan-in is at most the slot count runs through the same embedders: trained on
/// 16-5-4 with TypeLengths [16, 8], the model also takes 16-6-4 (layer 1 tokens of 6 weights).
/// The output MLP of type k predicts all slots; only the real ones are read back.</para>
/// <para>Positions: first half of d_model = sin/cos of the unit's index within its layer, second
/// half = sin/cos of the layer index. Both stay meaningful when a layer gets wider, unlike a global
/// token index, which would shift every later layer.</para>
/// <para>Layouts: <see cref="Layout"/> is the layout that flat inputs follow; set it to another
/// layout (same or fewer layers, fan-ins within TypeLengths) to run or fine-tune on it.</para>
/// </remarks>
public sealed class AttnAe2 : Module<Tensor, Tensor>, IWeightAutoEncoder
{
    private readonly ModuleList<Linear> embed;
    private readonly Parameter globals; // (L_k, d)
    private readonly TransformerStack encoder;
    private readonly Linear seq2neck;
    private readonly Linear neck2globals;
    private readonly Linear neck2query;
    private readonly TransformerStack decoder;
    private readonly ModuleList<Sequential> outMlp;
    private readonly Dictionary<WeightLayout, Plan> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly int[] _typeLengths;
    private readonly int _d;
    private readonly int _globalCount;
    private WeightLayout _layout;

    public AttnAe2(AttnAe2Config config, WeightLayout layout) : base(nameof(AttnAe2))
    {
        Config = config;
        _d = config.DModel;
        _globalCount = config.GlobalTokens;
        if (_globalCount < 1) throw new ArgumentOutOfRangeException(nameof(config), config.GlobalTokens, "AttnAE II needs at least one global token");
        _typeLengths = (config.TypeLengths ?? layout.Layers.Select(l => l.TokenLength).ToList()).ToArray();
        var hidden = config.OutputHidden > 0 ? config.OutputHidden : _d;
        embed = nn.ModuleList(_typeLengths.Select(n => nn.Linear(n, _d)).ToArray());
        globals = new Parameter(randn(_globalCount, _d) * 0.02);
        encoder = new TransformerStack(config.Blocks, _d, config.Heads, config.MlpRatio * _d, config.Dropout, config.PreNorm, config.Activation);
        seq2neck = nn.Linear(_globalCount * _d, config.Latent);
        neck2globals = nn.Linear(config.Latent, _globalCount * _d);
        neck2query = nn.Linear(config.Latent, _d);
        decoder = new TransformerStack(config.Blocks, _d, config.Heads, config.MlpRatio * _d, config.Dropout, config.PreNorm, config.Activation);
        outMlp = nn.ModuleList(_typeLengths.Select(n =>
            nn.Sequential(nn.Linear(_d, hidden), Activations.Create(config.Activation), nn.Linear(hidden, n))).ToArray());
        _layout = layout;
        PlanFor(layout); // validates the layout now rather than at the first forward
        RegisterComponents();
    }

    public AttnAe2Config Config { get; }

    public int LatentSize => Config.Latent;

    /// <summary>Slots per type (type = layer index), as built.</summary>
    public IReadOnlyList<int> TypeLengths => _typeLengths;

    /// <summary>The layout flat inputs and outputs follow; may be replaced by a compatible one.</summary>
    public WeightLayout Layout
    {
        get => _layout;
        set
        {
            PlanFor(value);
            _layout = value;
        }
    }

    /// <summary>The encoder's blocks; their attention maps are (B, heads, L_k + T, T + L_k), global tokens first.</summary>
    public TransformerStack EncoderBlocks => encoder;

    public Tensor Encode(Tensor flat) => Encode(flat, _layout);

    public Tensor Decode(Tensor latent) => Decode(latent, _layout);

    public override Tensor forward(Tensor flat) => Decode(Encode(flat, _layout), _layout);

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
        var x = cat(parts, 1) + plan.Positions.to(flat.device);                        // (B, T, d)
        x = cat([globals.unsqueeze(0).expand(b, _globalCount, _d), x], 1);             // (B, L_k + T, d)
        x = encoder.forward(x);
        return seq2neck.forward(x.narrow(1, 0, _globalCount).flatten(1)).tanh();      // (B, latent)
    }

    public Tensor Decode(Tensor latent, WeightLayout layout)
    {
        var plan = PlanFor(layout);
        var b = latent.shape[0];
        var g0 = neck2globals.forward(latent).view(b, _globalCount, _d);                          // (B, L_k, d)
        var queries = neck2query.forward(latent).unsqueeze(1) + plan.Positions.to(latent.device); // (B, T, d)
        var x = decoder.forward(cat([g0, queries], 1)).narrow(1, _globalCount, plan.TokenCount);  // (B, T, d)
        var parts = new List<Tensor>();
        foreach (var g in plan.Types)
        {
            var y = outMlp[g.Type].forward(x.narrow(1, g.TokenOffset, g.Count)); // (B, n_k, L_k)
            parts.Add(y.reshape(b, g.Count * g.Length));
        }
        return plan.Slots.Scatter(cat(parts, 1)); // (B, P)
    }

    private Plan PlanFor(WeightLayout layout)
    {
        if (_plans.TryGetValue(layout, out var plan)) return plan;
        if (layout.Layers.Count > _typeLengths.Length)
            throw new ArgumentException($"layout has {layout.Layers.Count} layers but this AttnAE II has embedders for {_typeLengths.Length} (one per layer index)", nameof(layout));
        var slots = new List<int[]>();
        var units = new List<int>();
        var layers = new List<int>();
        var types = new List<TypeRun>();
        foreach (var layer in layout.Layers)
        {
            var length = _typeLengths[layer.Index];
            if (layer.TokenLength > length)
                throw new ArgumentException(
                    $"layer {layer.Index} ('{layer.Name}') has tokens of {layer.TokenLength} values (fan-in {layer.FanIn}{(layer.Bias is null ? "" : " + bias")}) but its type embedder takes {length} slots", nameof(layout));
            var groups = layout.NeuronGroups.Where(g => g.Layer == layer.Index).ToList();
            types.Add(new TypeRun(layer.Index, slots.Count, groups.Count, length, slots.Sum(s => s.Length)));
            foreach (var group in groups)
            {
                var token = Enumerable.Repeat(TokenScheme.Padding, length).ToArray();
                Array.Copy(group.Indices, token, layer.FanIn);
                if (layer.Bias is not null) token[length - 1] = group.Indices[layer.FanIn];
                slots.Add(token);
                units.Add(group.Unit);
                layers.Add(layer.Index);
            }
        }
        using (NewDisposeScope())
        {
            plan = new Plan(new TokenGather(layout.ParameterCount, slots), types,
                SinusoidalEncoding.UnitAndLayer(units, layers, _d).DetachFromDisposeScope());
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
    private sealed record TypeRun(int Type, int TokenOffset, int Count, int Length, int SlotOffset);

    /// <summary>Everything that depends on the layout: slot indices, type runs, position encodings (T, d).</summary>
    private sealed record Plan(TokenGather Slots, IReadOnlyList<TypeRun> Types, Tensor Positions)
    {
        public int TokenCount => Slots.Tokens;
    }
}
