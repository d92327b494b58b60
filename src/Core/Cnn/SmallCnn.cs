using WeightSpace.Core.Images;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// The Small CNN Zoo network (Unterthiner et al. 2020) on 28x28 grayscale images: three
/// Conv2D(16, 3x3, stride 2, 'valid') layers with activation and dropout, global average pooling,
/// Dense(10) logits. 160 + 2,320 + 2,320 + 170 = 4,970 weights, flattened as the published zoo
/// does: per layer the bias BEFORE the kernel, kernels in TensorFlow order (conv HWIO, dense (in, out)).
/// </summary>
public static class SmallCnn
{
    public const int ImageSide = CnnImages.Side;
    public const int Filters = 16;
    public const int Classes = 10;
    public const int Kernel = 3;
    public const int Stride = 2;
    public const int ParameterCount = 4970;

    /// <summary>Side of each conv layer's output: 28 -> 13 -> 6 -> 2.</summary>
    public static readonly int[] Sides = [13, 6, 2];

    /// <summary>The published layout.csv rows.</summary>
    public static readonly IReadOnlyList<LayoutEntry> Entries = BuildEntries();

    public static WeightLayout Layout { get; } = WeightLayout.Create(Entries);

    private static List<LayoutEntry> BuildEntries()
    {
        var entries = new List<LayoutEntry>();
        var start = 0;
        void Add(string name, params int[] shape)
        {
            var size = shape.Aggregate(1, (a, b) => a * b);
            entries.Add(new LayoutEntry(name, start, start + size, shape));
            start += size;
        }
        string[] convs = ["sequential/conv2d", "sequential/conv2d_1", "sequential/conv2d_2"];
        for (var l = 0; l < 3; l++)
        {
            Add($"{convs[l]}/bias:0", Filters);
            Add($"{convs[l]}/kernel:0", Kernel, Kernel, l == 0 ? 1 : Filters, Filters);
        }
        Add("sequential/dense/bias:0", Classes);
        Add("sequential/dense/kernel:0", Filters, Classes);
        return entries;
    }
}
