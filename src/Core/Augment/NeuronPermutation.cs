using System.Numerics;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Augment;

/// <summary>
/// Function-preserving permutations (thesis §3.3): the units of every hidden layer are reordered
/// and the next layer's inputs are reordered the same way. The first layer's inputs and the last
/// layer's units are never permuted.
/// </summary>
/// <remarks>
/// Works from the layout alone. A kernel is read as (rest..., input channel, unit): its last axis is
/// the unit, and the input channel is the flat position divided by the unit count, modulo the
/// previous layer's units. That covers dense (in, out), conv HWIO (kh, kw, cin, cout), conv -> dense
/// after global average pooling (in = channels) and after a channel-last flatten (in = h*w*channels).
/// A permutation <c>perm</c> of a layer means: new unit o is old unit perm[o].
/// </remarks>
public sealed class NeuronPermutation
{
    private readonly WeightLayout _layout;
    // Per flat index: the layer of its kernel/bias, its unit, its input channel (-1 for biases and
    // for the first layer, whose inputs are never permuted) and the flat index with unit and
    // channel set to 0, so a permuted source index is base + unit + channel * units (the unit is
    // the fastest axis of both kernels and biases).
    private readonly int[] _layer, _unit, _channel, _base;

    public NeuronPermutation(WeightLayout layout)
    {
        _layout = layout;
        var p = layout.ParameterCount;
        _layer = new int[p];
        _unit = new int[p];
        _channel = new int[p];
        _base = new int[p];
        var layers = layout.Layers;
        foreach (var l in layers)
        {
            var units = l.Units;
            var prevUnits = l.Index == 0 ? 0 : layers[l.Index - 1].Units;
            var k = l.Kernel;
            if (l.Index > 0)
            {
                var inputs = k.Size / units;
                var ok = k.Shape.Count == 4 ? k.Shape[2] == prevUnits : inputs % prevUnits == 0;
                if (!ok)
                    throw new LayoutException($"'{k.VarName}' ({string.Join(", ", k.Shape)}) does not take the {prevUnits} units of the previous layer as input channels; cannot permute");
            }
            for (var j = 0; j < k.Size; j++)
            {
                var flat = k.Start + j;
                var o = j % units;
                var c = l.Index == 0 ? -1 : j / units % prevUnits;
                _layer[flat] = l.Index;
                _unit[flat] = o;
                _channel[flat] = c;
                _base[flat] = flat - o - (c < 0 ? 0 : c * units);
            }
            if (l.Bias is { } b)
                for (var j = 0; j < b.Size; j++)
                {
                    var flat = b.Start + j;
                    _layer[flat] = l.Index;
                    _unit[flat] = j;
                    _channel[flat] = -1;
                    _base[flat] = b.Start;
                }
        }
    }

    /// <summary>How many hidden layers get a permutation: all layers but the last.</summary>
    public int HiddenLayers => _layout.Layers.Count - 1;

    /// <summary>
    /// The number of function-preserving unit orders, identity included: the product of the
    /// hidden layers' unit counts factorial (tetris 16-5-4: 5! = 120). The thesis counts the
    /// non-identity ones, i.e. this minus 1.
    /// </summary>
    public static BigInteger CountDistinct(WeightLayout layout)
    {
        var count = BigInteger.One;
        foreach (var l in layout.Layers.Take(layout.Layers.Count - 1))
            for (var i = 2; i <= l.Units; i++) count *= i;
        return count;
    }

    /// <summary>Draws one uniform permutation per hidden layer (Fisher-Yates).</summary>
    public int[][] Sample(Random rng)
    {
        var perms = new int[HiddenLayers][];
        for (var l = 0; l < perms.Length; l++)
        {
            var perm = Enumerable.Range(0, _layout.Layers[l].Units).ToArray();
            for (var i = perm.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            perms[l] = perm;
        }
        return perms;
    }

    /// <summary>
    /// For explicit permutations, the gather map: permuted[j] = row[map[j]].
    /// </summary>
    public int[] SourceIndices(int[][] perms)
    {
        CheckPermutations(perms);
        var map = new int[_layout.ParameterCount];
        for (var j = 0; j < map.Length; j++)
        {
            var l = _layer[j];
            var o = _unit[j];
            var unit = l < perms.Length ? perms[l][o] : o;
            var c = _channel[j];
            var channel = c < 0 ? 0 : perms[l - 1][c];
            map[j] = _base[j] + unit + channel * _layout.Layers[l].Units;
        }
        return map;
    }

    /// <summary>One row with explicit permutations, one per hidden layer.</summary>
    public float[] Apply(ReadOnlySpan<float> row, int[][] perms)
    {
        if (row.Length != _layout.ParameterCount)
            throw new ArgumentException($"row has {row.Length} weights; the layout has {_layout.ParameterCount}", nameof(row));
        var map = SourceIndices(perms);
        var result = new float[map.Length];
        for (var j = 0; j < map.Length; j++) result[j] = row[map[j]];
        return result;
    }

    /// <summary>A batch (n x P, row-major): each row gets its own random permutations drawn from <paramref name="rng"/>.</summary>
    public float[] Apply(ReadOnlySpan<float> rows, Random rng)
    {
        var p = _layout.ParameterCount;
        if (rows.Length % p != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of P = {p} weights", nameof(rows));
        var result = new float[rows.Length];
        for (var s = 0; s < rows.Length / p; s++)
        {
            var map = SourceIndices(Sample(rng));
            var src = rows.Slice(s * p, p);
            var dst = result.AsSpan(s * p, p);
            for (var j = 0; j < p; j++) dst[j] = src[map[j]];
        }
        return result;
    }

    private void CheckPermutations(int[][] perms)
    {
        if (perms.Length != HiddenLayers)
            throw new ArgumentException($"{perms.Length} permutations given; the layout has {HiddenLayers} hidden layers", nameof(perms));
        for (var l = 0; l < perms.Length; l++)
        {
            var units = _layout.Layers[l].Units;
            var isPermutation = perms[l].Length == units && perms[l].Order().SequenceEqual(Enumerable.Range(0, units));
            if (!isPermutation)
                throw new ArgumentException($"permutation of layer {l} ('{_layout.Layers[l].Name}') is not a permutation of 0..{units - 1}", nameof(perms));
        }
    }
}
