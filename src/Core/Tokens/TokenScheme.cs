using System.Globalization;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Tokens;

/// <summary>
/// How a flat weight vector is cut into tokens (thesis §3.1): which flat indices each token
/// gathers, its length and its type. Tokens of one type share an embedder in AttnAE II, so all
/// tokens of a type have the same length.
/// </summary>
/// <remarks>
/// An index of <see cref="Padding"/> inside a token stands for a zero that belongs to no weight
/// (only the last piece of <c>chunks:k</c> has them); detokenizing ignores it.
/// </remarks>
public sealed class TokenScheme
{
    /// <summary>Marks a padded position inside a token's index list.</summary>
    public const int Padding = -1;

    private readonly int[][] _indices;
    private readonly int[] _types;
    private readonly int[] _lengths;

    private TokenScheme(string name, int parameterCount, int[][] indices, int[] types)
    {
        Name = name;
        ParameterCount = parameterCount;
        _indices = indices;
        _types = types;
        _lengths = indices.Select(i => i.Length).ToArray();
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

    /// <summary>
    /// Cuts n flat rows (n x P, row-major) into a zero-padded token tensor n x Count x MaxLength.
    /// </summary>
    public TokenBatch Tokenize(ReadOnlySpan<float> rows)
    {
        var n = SamplesIn(rows.Length);
        var data = new float[n * Count * MaxLength];
        for (var s = 0; s < n; s++)
        {
            var row = rows.Slice(s * ParameterCount, ParameterCount);
            for (var t = 0; t < Count; t++)
            {
                var dst = data.AsSpan((s * Count + t) * MaxLength, MaxLength);
                var idx = _indices[t];
                for (var j = 0; j < idx.Length; j++)
                    if (idx[j] != Padding) dst[j] = row[idx[j]];
            }
        }
        return new TokenBatch(n, Count, MaxLength, data, _lengths.ToArray());
    }

    /// <summary>The exact inverse of <see cref="Tokenize"/>: padding is ignored.</summary>
    public float[] Detokenize(TokenBatch batch)
    {
        if (batch.Count != Count || batch.MaxLength != MaxLength)
            throw new ArgumentException($"token batch is {batch.Count} x {batch.MaxLength} but scheme '{Name}' makes {Count} x {MaxLength}", nameof(batch));
        return Detokenize(batch.Data, batch.Samples);
    }

    /// <summary>Detokenizes raw token data laid out n x Count x MaxLength (e.g. a model's output).</summary>
    public float[] Detokenize(ReadOnlySpan<float> tokens, int samples)
    {
        if (tokens.Length != samples * Count * MaxLength)
            throw new ArgumentException($"token data has {tokens.Length} values; {samples} x {Count} x {MaxLength} expected for scheme '{Name}'", nameof(tokens));
        var rows = new float[samples * ParameterCount];
        for (var s = 0; s < samples; s++)
        {
            var row = rows.AsSpan(s * ParameterCount, ParameterCount);
            for (var t = 0; t < Count; t++)
            {
                var src = tokens.Slice((s * Count + t) * MaxLength, MaxLength);
                var idx = _indices[t];
                for (var j = 0; j < idx.Length; j++)
                    if (idx[j] != Padding) row[idx[j]] = src[j];
            }
        }
        return rows;
    }

    /// <summary>
    /// The per-type view for AttnAE II: for each type (increasing), its tokens at their own length,
    /// n x tokensOfType x lengthOfType, without padding between types.
    /// </summary>
    public IReadOnlyList<TypeBlock> TokenizeByType(ReadOnlySpan<float> rows)
    {
        var n = SamplesIn(rows.Length);
        var blocks = new List<TypeBlock>();
        foreach (var type in Types)
        {
            var tokens = TokensOfType(type);
            var length = LengthOfType(type);
            var data = new float[n * tokens.Length * length];
            for (var s = 0; s < n; s++)
            {
                var row = rows.Slice(s * ParameterCount, ParameterCount);
                for (var k = 0; k < tokens.Length; k++)
                {
                    var dst = data.AsSpan((s * tokens.Length + k) * length, length);
                    var idx = _indices[tokens[k]];
                    for (var j = 0; j < length; j++)
                        if (idx[j] != Padding) dst[j] = row[idx[j]];
                }
            }
            blocks.Add(new TypeBlock(type, tokens, length, n, data));
        }
        return blocks;
    }

    /// <summary>The exact inverse of <see cref="TokenizeByType"/>.</summary>
    public float[] DetokenizeByType(IReadOnlyList<TypeBlock> blocks)
    {
        if (blocks.Count != Types.Count)
            throw new ArgumentException($"{blocks.Count} type blocks given; scheme '{Name}' has {Types.Count} types", nameof(blocks));
        var n = blocks[0].Samples;
        var rows = new float[n * ParameterCount];
        foreach (var block in blocks)
        {
            var tokens = TokensOfType(block.Type);
            var length = LengthOfType(block.Type);
            if (block.Samples != n || block.Length != length || !block.Tokens.SequenceEqual(tokens) || block.Data.Length != n * tokens.Length * length)
                throw new ArgumentException($"type block {block.Type} does not match scheme '{Name}' ({n} x {tokens.Length} x {length} expected)", nameof(blocks));
            for (var s = 0; s < n; s++)
            {
                var row = rows.AsSpan(s * ParameterCount, ParameterCount);
                for (var k = 0; k < tokens.Length; k++)
                {
                    var src = block.Data.AsSpan((s * tokens.Length + k) * length, length);
                    var idx = _indices[tokens[k]];
                    for (var j = 0; j < length; j++)
                        if (idx[j] != Padding) row[idx[j]] = src[j];
                }
            }
        }
        return rows;
    }

    private int SamplesIn(int values) =>
        values % ParameterCount == 0
            ? values / ParameterCount
            : throw new ArgumentException($"{values} values are not whole rows of P = {ParameterCount} weights (scheme '{Name}')", "rows");

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

/// <summary>
/// A batch of token sequences: <see cref="Data"/> is Samples x Count x MaxLength, row-major,
/// each token zero-padded to MaxLength; <see cref="Lengths"/> gives each token's own length.
/// </summary>
public sealed record TokenBatch(int Samples, int Count, int MaxLength, float[] Data, int[] Lengths);

/// <summary>
/// The tokens of one type, at that type's own length: <see cref="Data"/> is
/// Samples x Tokens.Length x Length, row-major. <see cref="Tokens"/> are their positions in the sequence.
/// </summary>
public sealed record TypeBlock(int Type, int[] Tokens, int Length, int Samples, float[] Data);
