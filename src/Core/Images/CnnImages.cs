namespace WeightSpace.Core.Images;

/// <summary><see cref="Side"/> x <see cref="Side"/> grayscale images in [-1, 1], row-major, one after another, with their labels 0..9.</summary>
public sealed record CnnImages(float[] Pixels, int[] Labels)
{
    public const int Side = 28;
    public const int PixelsPerImage = Side * Side;

    public int Count => Labels.Length;

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public CnnImages Select(IReadOnlyList<int> indices)
    {
        var pixels = new float[indices.Count * PixelsPerImage];
        for (var i = 0; i < indices.Count; i++)
            Pixels.AsSpan(indices[i] * PixelsPerImage, PixelsPerImage).CopyTo(pixels.AsSpan(i * PixelsPerImage));
        return new CnnImages(pixels, indices.Select(i => Labels[i]).ToArray());
    }
}
