using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Images;

/// <summary>
/// An image set as a stage writes it: a folder with train-images.npy and test-images.npy
/// (N x 784 float32 in [-1, 1]) and train-labels.npy and test-labels.npy (N x 1 float32 holding 0..9).
/// </summary>
public static class ImageFolder
{
    public static void Write(string directory, CnnImages train, CnnImages test)
    {
        Directory.CreateDirectory(directory);
        Write(directory, "train", train);
        Write(directory, "test", test);
    }

    public static (CnnImages Train, CnnImages Test) Read(string directory) => (Read(directory, "train"), Read(directory, "test"));

    /// <summary>The number of training images, from the file's header alone.</summary>
    public static int TrainCount(string directory)
    {
        using var pixels = NpyReader.Open(Path.Combine(directory, "train-images.npy"));
        return (int)pixels.Rows;
    }

    private static void Write(string directory, string part, CnnImages images)
    {
        using (var writer = NpyWriter.Create(Path.Combine(directory, $"{part}-images.npy"), images.Count, CnnImages.PixelsPerImage))
        {
            writer.WriteRows(images.Pixels);
            writer.Complete();
        }
        using var labels = NpyWriter.Create(Path.Combine(directory, $"{part}-labels.npy"), images.Count, 1);
        labels.WriteRows(images.Labels.Select(l => (float)l).ToArray());
        labels.Complete();
    }

    private static CnnImages Read(string directory, string part)
    {
        using var pixels = NpyReader.Open(Path.Combine(directory, $"{part}-images.npy"));
        using var labels = NpyReader.Open(Path.Combine(directory, $"{part}-labels.npy"));
        if (pixels.Columns != CnnImages.PixelsPerImage || labels.Columns != 1 || labels.Rows != pixels.Rows)
            throw new ImageSetException($"{directory}: {part} images are {pixels.Rows} x {pixels.Columns} and labels {labels.Rows} x {labels.Columns}; expected N x {CnnImages.PixelsPerImage} and N x 1");
        var p = new float[pixels.Rows * pixels.Columns];
        pixels.ReadRows(0, p);
        var l = new float[labels.Rows];
        labels.ReadRows(0, l);
        return new CnnImages(p, l.Select(v => (int)v).ToArray());
    }
}
