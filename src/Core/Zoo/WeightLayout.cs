namespace WeightSpace.Core.Zoo;

/// <summary>One row of a zoo's layout.csv: where a variable lives in the flat weight vector.</summary>
/// <param name="VarName">TensorFlow variable name, e.g. <c>sequential/conv2d/kernel:0</c>.</param>
/// <param name="Start">First index in the flat vector (inclusive).</param>
/// <param name="End">One past the last index (exclusive).</param>
/// <param name="Shape">TensorFlow shape: conv kernels HWIO, dense kernels (in, out), biases (out).</param>
public sealed record LayoutEntry(string VarName, int Start, int End, IReadOnlyList<int> Shape)
{
    public int Size => End - Start;

    /// <summary>The layer the variable belongs to: the name up to the last '/'.</summary>
    public string Layer => VarName.LastIndexOf('/') is var i and > 0 ? VarName[..i] : VarName;

    public bool IsBias => VarName.Contains("bias", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A layer: its kernel, its optional bias, and how many neurons (output units) it has.</summary>
/// <param name="Index">Position in network order (0 = first layer).</param>
/// <param name="FanIn">Incoming weights per neuron, bias excluded (conv: kh*kw*cin).</param>
public sealed record LayerInfo(int Index, string Name, LayoutEntry Kernel, LayoutEntry? Bias, int Units, int FanIn)
{
    /// <summary>Length of one neuronGroup token of this layer: incoming weights plus the bias.</summary>
    public int TokenLength => FanIn + (Bias is null ? 0 : 1);
}

/// <summary>
/// One neuron's incoming weights (then its bias) as indices into the flat vector. For conv
/// layers the order is OIHW (PyTorch order), i.e. the HWIO -> OIHW transpose is already applied.
/// </summary>
public sealed record NeuronGroup(int Layer, int Unit, int[] Indices);

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

/// <summary>A layout that does not describe a valid flat weight vector.</summary>
public sealed class LayoutException(string message) : Exception(message);
