using SkiaSharp;

namespace WeightSpace.Core.Report;

/// <summary>
/// A figure PNG as the report page inlines it: a WebP data URI at most <see cref="MaxWidth"/> pixels
/// wide. The PNGs under reports/figures/ stay at full size; inlined as they are, the default report's
/// fourteen figures made a 3.7 MB page (the scatter plots of tens of thousands of points compress badly
/// as PNG). Lossy WebP at <see cref="Quality"/> keeps text and thin lines sharp (checked side by side
/// with the PNGs), and every browser decodes it offline.
/// </summary>
public static class InlineFigure
{
    /// <summary>The page's column is 72rem (about 1,150 CSS pixels) wide: 1,600 pixels still give a
    /// high-density screen more than one pixel per CSS pixel, while a 2,560-pixel figure shrinks by a third.</summary>
    public const int MaxWidth = 1600;

    /// <summary>WebP quality (0-100). 85 gave 1.2 MB of figures for the default report; 90 gave 1.4 MB,
    /// with no difference visible in the legends' text.</summary>
    public const int Quality = 85;

    public const string MimeType = "image/webp";

    /// <summary>The figure at <paramref name="pngPath"/> as a "data:image/webp;base64,..." URI.</summary>
    public static string DataUri(string pngPath) => $"data:{MimeType};base64,{Convert.ToBase64String(Encode(pngPath))}";

    /// <summary>The WebP bytes: the figure scaled (aspect kept) to at most <see cref="MaxWidth"/> pixels wide.</summary>
    public static byte[] Encode(string pngPath)
    {
        using var png = SKBitmap.Decode(pngPath)
            ?? throw new InvalidDataException($"{pngPath}: not an image the report page can inline (the figure file is damaged; delete it and run the report again)");
        using var scaled = png.Width > MaxWidth
            ? png.Resize(new SKImageInfo(MaxWidth, Math.Max(1, (int)Math.Round(png.Height * (double)MaxWidth / png.Width)), png.ColorType, png.AlphaType),
                new SKSamplingOptions(SKCubicResampler.Mitchell))
            : null;
        using var image = SKImage.FromBitmap(scaled ?? png);
        using var data = image.Encode(SKEncodedImageFormat.Webp, Quality)
            ?? throw new InvalidOperationException($"{pngPath}: SkiaSharp could not encode the figure as WebP");
        return data.ToArray();
    }
}
