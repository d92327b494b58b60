using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// Fixed sine/cosine position encodings (Vaswani et al. 2017): for position p and pair i,
/// sin(p / 10000^(2i/d)) and cos(p / 10000^(2i/d)). Needs no training and is defined for any
/// position, so a wider model's extra units get encodings too.
/// </summary>
public static class SinusoidalEncoding
{
    /// <summary>The encodings of the given positions: (positions.Count, width), width even.</summary>
    public static float[] Encode(IReadOnlyList<int> positions, int width)
    {
        if (width < 2 || width % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, "the encoding width must be even and positive");
        var result = new float[positions.Count * width];
        for (var n = 0; n < positions.Count; n++)
            for (var i = 0; i < width / 2; i++)
            {
                var angle = positions[n] / Math.Pow(10000, 2.0 * i / width);
                result[n * width + 2 * i] = (float)Math.Sin(angle);
                result[n * width + 2 * i + 1] = (float)Math.Cos(angle);
            }
        return result;
    }

    /// <summary>
    /// The AttnAE II token position: the first half of d_model encodes the unit's index within its
    /// layer, the second half the layer's index, concatenated (like ViT's 2-D encodings). (T, d).
    /// </summary>
    public static Tensor UnitAndLayer(IReadOnlyList<int> units, IReadOnlyList<int> layers, int dModel)
    {
        if (dModel % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), dModel, "AttnAE II's 2-part position encoding needs d_model divisible by 4");
        var half = dModel / 2;
        var unit = Encode(units, half);
        var layer = Encode(layers, half);
        var pe = new float[units.Count * dModel];
        for (var t = 0; t < units.Count; t++)
        {
            Array.Copy(unit, t * half, pe, t * dModel, half);
            Array.Copy(layer, t * half, pe, t * dModel + half, half);
        }
        return tensor(pe).view(units.Count, dModel);
    }
}
