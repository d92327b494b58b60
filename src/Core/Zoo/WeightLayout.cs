namespace WeightSpace.Core.Zoo;

/// <summary>
/// The structure of a zoo's flat weight vector, built from layout.csv rows. Knows layers and
/// neuron groups so that statistics, tokenizers and permutations serve tetris and CNN zoos alike.
/// </summary>
public sealed class WeightLayout
{
    private WeightLayout(IReadOnlyList<LayoutEntry> entries, IReadOnlyList<LayerInfo> layers, IReadOnlyList<NeuronGroup> groups)
    {
        Entries = entries;
        Layers = layers;
        NeuronGroups = groups;
        ParameterCount = entries.Count == 0 ? 0 : entries.Max(e => e.End);
    }

    public IReadOnlyList<LayoutEntry> Entries { get; }
    public IReadOnlyList<LayerInfo> Layers { get; }
    public IReadOnlyList<NeuronGroup> NeuronGroups { get; }
    public int ParameterCount { get; }

    /// <summary>
    /// Builds and validates a layout: entries must tile [0, P) without gap or overlap, each size
    /// must equal its shape's product, and each layer needs exactly one kernel.
    /// </summary>
    /// <exception cref="LayoutException">names the offending variable.</exception>
    public static WeightLayout Create(IEnumerable<LayoutEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.Start).ToList();
        if (sorted.Count == 0) throw new LayoutException("layout has no rows");
        var expectedStart = 0;
        foreach (var e in sorted)
        {
            if (e.Start != expectedStart)
                throw new LayoutException(e.Start > expectedStart
                    ? $"gap in layout: indices [{expectedStart}, {e.Start}) are covered by no variable (before '{e.VarName}')"
                    : $"'{e.VarName}' overlaps the previous variable at index {e.Start}");
            var product = e.Shape.Aggregate(1, (a, b) => a * b);
            if (e.Shape.Count == 0 || product != e.Size)
                throw new LayoutException($"'{e.VarName}': shape ({string.Join(", ", e.Shape)}) has {product} values but [{e.Start}, {e.End}) holds {e.Size}");
            expectedStart = e.End;
        }

        var layers = new List<LayerInfo>();
        foreach (var group in sorted.GroupBy(e => e.Layer))
        {
            var kernels = group.Where(e => !e.IsBias).ToList();
            if (kernels.Count != 1)
                throw new LayoutException($"layer '{group.Key}' has {kernels.Count} kernel variables; expected exactly one");
            var kernel = kernels[0];
            var bias = group.FirstOrDefault(e => e.IsBias);
            var units = kernel.Shape[^1];
            if (bias is not null && bias.Size != units)
                throw new LayoutException($"'{bias.VarName}' has {bias.Size} values but layer '{group.Key}' has {units} units");
            layers.Add(new LayerInfo(0, group.Key, kernel, bias, units, kernel.Size / units));
        }
        layers = layers.OrderBy(l => l.Kernel.Start).Select((l, i) => l with { Index = i }).ToList();
        return new WeightLayout(sorted, layers, layers.SelectMany(NeuronGroupsOf).ToList());
    }

    /// <summary>
    /// A fully connected network in the zoo's TensorFlow naming, e.g. Fcn([16, 5, 4], biases: false)
    /// is the tetris model (100 weights). With biases, each layer's bias precedes its kernel, as in
    /// the Small CNN Zoo.
    /// </summary>
    public static WeightLayout Fcn(IReadOnlyList<int> widths, bool biases)
    {
        var entries = new List<LayoutEntry>();
        var offset = 0;
        for (var l = 0; l + 1 < widths.Count; l++)
        {
            var name = l == 0 ? "sequential/dense" : $"sequential/dense_{l}";
            if (biases)
            {
                entries.Add(new LayoutEntry($"{name}/bias:0", offset, offset + widths[l + 1], [widths[l + 1]]));
                offset += widths[l + 1];
            }
            var size = widths[l] * widths[l + 1];
            entries.Add(new LayoutEntry($"{name}/kernel:0", offset, offset + size, [widths[l], widths[l + 1]]));
            offset += size;
        }
        return Create(entries);
    }

    private static IEnumerable<NeuronGroup> NeuronGroupsOf(LayerInfo layer)
    {
        var k = layer.Kernel;
        var units = layer.Units;
        for (var o = 0; o < units; o++)
        {
            var indices = new int[layer.TokenLength];
            var n = 0;
            if (k.Shape.Count == 4)
            {
                // HWIO storage: flat = ((h*kw + w)*cin + i)*cout + o; token order is (i, h, w).
                int kh = k.Shape[0], kw = k.Shape[1], cin = k.Shape[2];
                for (var i = 0; i < cin; i++)
                    for (var h = 0; h < kh; h++)
                        for (var w = 0; w < kw; w++)
                            indices[n++] = k.Start + ((h * kw + w) * cin + i) * units + o;
            }
            else
            {
                // (in, out) storage, or any other rank: the last axis is the unit.
                for (var i = 0; i < layer.FanIn; i++) indices[n++] = k.Start + i * units + o;
            }
            if (layer.Bias is not null) indices[n] = layer.Bias.Start + o;
            yield return new NeuronGroup(layer.Index, o, indices);
        }
    }
}
