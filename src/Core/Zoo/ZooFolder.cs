namespace WeightSpace.Core.Zoo;

/// <summary>
/// A zoo in the published Small CNN Zoo format: one folder holding weights.npy (N x P float32),
/// layout.csv (where each variable lives in a row) and metrics.csv.gz (one row per checkpoint,
/// row i describing weights row i).
/// </summary>
public sealed record ZooFolder(string Directory)
{
    public const string WeightsFileName = "weights.npy";
    public const string LayoutFileName = "layout.csv";
    public const string MetricsFileName = "metrics.csv.gz";

    /// <summary>The three files a zoo is read from: all an ingest reads in a zoo folder (or in its per-image-set sub-folders).</summary>
    public static readonly IReadOnlySet<string> FileNames = new HashSet<string>(StringComparer.Ordinal) { WeightsFileName, LayoutFileName, MetricsFileName };

    public string WeightsPath => Path.Combine(Directory, WeightsFileName);
    public string LayoutPath => Path.Combine(Directory, LayoutFileName);
    public string MetricsPath => Path.Combine(Directory, MetricsFileName);

    /// <summary>Throws naming the folder and the first missing file.</summary>
    public void RequireFiles()
    {
        foreach (var path in new[] { WeightsPath, LayoutPath, MetricsPath })
            if (!File.Exists(path))
                throw new ZooFormatException($"zoo folder '{Directory}' has no {Path.GetFileName(path)}");
    }

    /// <summary>
    /// Writes layout.csv and metrics.csv.gz. Weights are not written here: a generator streams
    /// them through <see cref="NpyWriter"/> to <see cref="WeightsPath"/>.
    /// </summary>
    public static ZooFolder WriteTables(string directory, WeightLayout layout, IEnumerable<CheckpointMetrics> metrics)
    {
        System.IO.Directory.CreateDirectory(directory);
        var zoo = new ZooFolder(directory);
        LayoutCsv.Write(zoo.LayoutPath, layout);
        MetricsCsv.Write(zoo.MetricsPath, metrics);
        return zoo;
    }
}
