using System.Globalization;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Tokens;

/// <summary>
/// How a flat weight vector is cut into tokens (thesis §3.1): which flat indices each token
/// gathers, its length and its type. The one tokenizer of the project: AttnAE I cuts its inputs
/// with any scheme, AttnAE II with <see cref="NeuronGroup(WeightLayout, IReadOnlyList{int})"/>,
/// erasing drops whole tokens; <c>Models/TokenGather</c> applies a scheme to tensors. Tokens of one
/// type share an embedder in AttnAE II, so all tokens of a type have the same length.
/// </summary>
/// <remarks>
/// An index of <see cref="Padding"/> inside a token stands for a zero that belongs to no weight
/// (the last piece of <c>chunks:k</c>, and the slots between fan-in and bias of AttnAE II's
/// tokens); putting tokens back ignores it.
/// </remarks>
public sealed class TokenScheme
{
    /// <summary>Marks a padded position inside a token's index list.</summary>
    public const int Padding = -1;

    private readonly int[][] _indices;
    private readonly int[] _types;
    private readonly int[] _lengths;
    private readonly int[] _units;

    private TokenScheme(string name, int parameterCount, int[][] indices, int[] types)
    {
        Name = name;
        ParameterCount = parameterCount;
        _indices = indices;
        _types = types;
        _lengths = indices.Select(i => i.Length).ToArray();
        var seen = new Dictionary<int, int>();
        _units = types.Select(t => seen[t] = seen.GetValueOrDefault(t, -1) + 1).ToArray();
        MaxLength = _lengths.Max();
        Types = types.Distinct().Order().ToArray();
        CheckCoversEveryWeightOnce();
        CheckTypesHaveOneLength();
    }

    /// <summary>"neuron", "neurongroup", "layer" or "chunks:k".</summary>
    public string Name { get; }

    /// <summary>P, the length of the flat weight vector the scheme cuts.</summary>
    public int ParameterCount { get; }

    public int Count => _indices.Length;

    /// <summary>The longest token; the padded token tensor's last dimension.</summary>
    public int MaxLength { get; }

    /// <summary>The distinct token types in increasing order.</summary>
    public IReadOnlyList<int> Types { get; }

    /// <summary>Token lengths (padding of <c>chunks:k</c> included), one per token.</summary>
    public IReadOnlyList<int> Lengths => _lengths;

    public int Length(int token) => _lengths[token];

    public int Type(int token) => _types[token];

    /// <summary>The token's index among the tokens of its type (for neurongroup: the unit within its layer).</summary>
    public int Unit(int token) => _units[token];

    /// <summary>The flat indices the token gathers, in token order; <see cref="Padding"/> for a padded zero.</summary>
    public IReadOnlyList<int> Indices(int token) => _indices[token];

    /// <summary>The tokens of one type, in sequence order.</summary>
    public int[] TokensOfType(int type) => Enumerable.Range(0, Count).Where(t => _types[t] == type).ToArray();

    /// <summary>The common length of the tokens of one type.</summary>
    public int LengthOfType(int type) => _lengths[Array.IndexOf(_types, type)];

    /// <summary>
    /// One token per weight (length 1, type 0). Weights are ordered neuron by neuron, in the order
    /// of <see cref="NeuronGroup(WeightLayout)"/>, so a neuron's weights sit next to each other.
    /// </summary>
    public static TokenScheme Neuron(WeightLayout layout) =>
        new("neuron", layout.ParameterCount,
            layout.NeuronGroups.SelectMany(g => g.Indices).Select(i => new[] { i }).ToArray(),
            new int[layout.ParameterCount]);

    /// <summary>One token per neuron: its incoming weights then its bias (conv filters in OIHW order); type = layer index.</summary>
    public static TokenScheme NeuronGroup(WeightLayout layout) =>
        new("neurongroup", layout.ParameterCount,
            layout.NeuronGroups.Select(g => g.Indices.ToArray()).ToArray(),
            layout.NeuronGroups.Select(g => g.Layer).ToArray());

    /// <summary>
    /// AttnAE II's neurongroup tokens (one per neuron, type = layer index) at a fixed slot count per
    /// type, <paramref name="typeLengths"/>[layer]: the incoming weights fill slots [0, fan-in)
    /// (conv: OIHW order, so extra input channels come last), the bias, if the layer has one, sits
    /// in the LAST slot, and the slots between are <see cref="Padding"/>. A layout whose fan-ins fit
    /// the slots therefore feeds the same embedders as the layout they were built for.
    /// </summary>
    /// <exception cref="ArgumentException">more layers than type lengths, or a token longer than its type's slots.</exception>
    public static TokenScheme NeuronGroup(WeightLayout layout, IReadOnlyList<int> typeLengths)
    {
        if (layout.Layers.Count > typeLengths.Count)
            throw new ArgumentException($"layout has {layout.Layers.Count} layers but only {typeLengths.Count} token types (one per layer index)", nameof(layout));
        foreach (var layer in layout.Layers)
            if (layer.TokenLength > typeLengths[layer.Index])
                throw new ArgumentException(
                    $"layer {layer.Index} ('{layer.Name}') has tokens of {layer.TokenLength} values (fan-in {layer.FanIn}{(layer.Bias is null ? "" : " + bias")}) but its token type takes {typeLengths[layer.Index]} slots", nameof(layout));
        var tokens = layout.NeuronGroups.Select(group =>
        {
            var layer = layout.Layers[group.Layer];
            var token = Enumerable.Repeat(Padding, typeLengths[layer.Index]).ToArray();
            Array.Copy(group.Indices, token, layer.FanIn);
            if (layer.Bias is not null) token[^1] = group.Indices[layer.FanIn];
            return token;
        }).ToArray();
        return new TokenScheme($"neurongroup:{string.Join(',', typeLengths)}", layout.ParameterCount, tokens,
            layout.NeuronGroups.Select(g => g.Layer).ToArray());
    }

    /// <summary>One token per layer: its neuron groups concatenated unit by unit; type = layer index.</summary>
    public static TokenScheme Layer(WeightLayout layout) =>
        new("layer", layout.ParameterCount,
            layout.Layers.Select(l => layout.NeuronGroups.Where(g => g.Layer == l.Index).SelectMany(g => g.Indices).ToArray()).ToArray(),
            layout.Layers.Select(l => l.Index).ToArray());

    /// <summary>
    /// The flat vector (in storage order) cut into k equal pieces of ceil(P/k) values, type 0.
    /// If P % k != 0 the last piece ends in zero padding.
    /// </summary>
    public static TokenScheme Chunks(WeightLayout layout, int k)
    {
        var p = layout.ParameterCount;
        if (k < 1 || k > p)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"chunks:k needs 1 <= k <= P = {p}");
        var size = (p + k - 1) / k;
        // With ceil-sized pieces, k pieces may be more than needed (e.g. P=10, k=4 -> 3,3,3,1 fits
        // in 4; P=10, k=6 -> size 2 fills only 5). Reject such k rather than emit all-padding tokens.
        if ((long)size * (k - 1) >= p)
            throw new ArgumentOutOfRangeException(nameof(k), k,
                $"chunks:{k} on P = {p}: pieces of {size} values leave the last piece empty; choose another k");
        var tokens = new int[k][];
        for (var t = 0; t < k; t++)
        {
            tokens[t] = new int[size];
            for (var j = 0; j < size; j++)
            {
                var i = t * size + j;
                tokens[t][j] = i < p ? i : Padding;
            }
        }
        return new TokenScheme($"chunks:{k}", p, tokens, new int[k]);
    }

    /// <summary>Parses "neuron", "neurongroup", "layer" or "chunks:k" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">an unknown scheme name or a bad k.</exception>
    public static TokenScheme Parse(string name, WeightLayout layout)
    {
        var key = name.Trim().ToLowerInvariant();
        switch (key)
        {
            case "neuron": return Neuron(layout);
            case "neurongroup": return NeuronGroup(layout);
            case "layer": return Layer(layout);
        }
        if (key.StartsWith("chunks:", StringComparison.Ordinal))
        {
            var text = key["chunks:".Length..];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
                throw new ArgumentException($"token scheme '{name}': '{text}' is not a positive whole number of chunks", nameof(name));
            try { return Chunks(layout, k); }
            catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"token scheme '{name}': {e.Message}", nameof(name), e); }
        }
        throw new ArgumentException(
            $"unknown token scheme '{name}'; expected one of: neuron, neurongroup, layer, chunks:k", nameof(name));
    }

    private void CheckCoversEveryWeightOnce()
    {
        // A scheme that dropped or duplicated a weight would make Detokenize lossy; fail at build time instead.
        var seen = new bool[ParameterCount];
        foreach (var i in _indices.SelectMany(x => x).Where(i => i != Padding))
        {
            if (i < 0 || i >= ParameterCount || seen[i])
                throw new InvalidOperationException($"token scheme '{Name}' gathers flat index {i} twice or out of range");
            seen[i] = true;
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new InvalidOperationException($"token scheme '{Name}' leaves flat index {missing} out of every token");
    }

    private void CheckTypesHaveOneLength()
    {
        foreach (var type in Types)
            if (TokensOfType(type).Select(t => _lengths[t]).Distinct().Count() != 1)
                throw new InvalidOperationException($"token scheme '{Name}': tokens of type {type} differ in length");
    }
}
