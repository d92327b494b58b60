using WeightSpace.Core.Images;

namespace WeightSpace.Tests.Cnn;

/// <summary>
/// Small learnable 28x28 images for CNN tests: class l is a bright bar (horizontal for even l,
/// vertical for odd) at a class-dependent offset, on noise; pixels in [-1, 1].
/// </summary>
public static class SyntheticDigits
{
    public static CnnImages Make(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * CnnImages.PixelsPerImage];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = labels[i] = i % 10;
            var at = 3 + 2 * (label / 2) + random.Next(2);
            for (var r = 0; r < 28; r++)
                for (var c = 0; c < 28; c++)
                {
                    var on = label % 2 == 0 ? Math.Abs(r - at) <= 1 : Math.Abs(c - at) <= 1;
                    pixels[i * 784 + r * 28 + c] = Math.Clamp((on ? 0.8f : -0.8f) + (float)(0.4 * (random.NextDouble() - 0.5)), -1f, 1f);
                }
        }
        return new CnnImages(pixels, labels);
    }
}
