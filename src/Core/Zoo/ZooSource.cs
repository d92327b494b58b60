namespace WeightSpace.Core.Zoo;

/// <summary>
/// Where a CNN (or any) zoo's checkpoints come from: a zoo folder the pipeline generated, or a
/// user's downloaded Small CNN Zoo. The downloaded zoo may be one image set's folder, one folder
/// whose files hold several image sets, or a folder of per-image-set folders; <see cref="Dataset"/>
/// (config.dataset, e.g. "mnist", "fashion_mnist") picks the rows. Both kinds enter through
/// <see cref="ZooIngest"/>, so they are checked and converted alike.
/// </summary>
/// <param name="Folder">The folder holding weights.npy, layout.csv and metrics.csv.gz.</param>
/// <param name="Dataset">Rows to keep by config.dataset; null keeps every row.</param>
public sealed record ZooSource(ZooFolder Folder, string? Dataset)
{
    /// <summary>
    /// Finds the zoo files for <paramref name="dataset"/> under <paramref name="directory"/>: the
    /// folder itself when it holds them, else the one sub-folder whose first metrics row has that
    /// config.dataset (or the only sub-folder with zoo files when no dataset is asked for).
    /// </summary>
    /// <exception cref="ZooFormatException">names the folder and what was found instead.</exception>
    public static ZooSource Resolve(string directory, string? dataset = null)
    {
        if (!Directory.Exists(directory))
            throw new ZooFormatException($"zoo folder '{directory}' does not exist");
        var here = new ZooFolder(directory);
        if (File.Exists(here.WeightsPath) || File.Exists(here.MetricsPath))
        {
            here.RequireFiles();
            return new ZooSource(here, dataset);
        }
        var candidates = Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal)
            .Select(d => new ZooFolder(d)).Where(z => File.Exists(z.WeightsPath) && File.Exists(z.MetricsPath)).ToList();
        if (candidates.Count == 0)
            throw new ZooFormatException($"zoo folder '{directory}' holds no {ZooFolder.WeightsFileName}, nor any sub-folder that does");
        if (dataset is null)
            return candidates.Count == 1 ? new ZooSource(candidates[0], null)
                : throw new ZooFormatException($"zoo folder '{directory}' holds {candidates.Count} zoos ({string.Join(", ", candidates.Select(c => Path.GetFileName(c.Directory)))}); name the image set (config.dataset) to ingest");
        var found = candidates.Select(c => (Zoo: c, Dataset: FirstDataset(c))).ToList();
        var match = found.Where(f => string.Equals(f.Dataset, dataset, StringComparison.OrdinalIgnoreCase)).ToList();
        if (match.Count != 1)
            throw new ZooFormatException($"zoo folder '{directory}': {(match.Count == 0 ? "no" : match.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} sub-folder(s) hold config.dataset '{dataset}'; found {string.Join(", ", found.Select(f => $"{Path.GetFileName(f.Zoo.Directory)} ({f.Dataset ?? "no config.dataset"})"))}");
        match[0].Zoo.RequireFiles();
        return new ZooSource(match[0].Zoo, dataset);
    }

    /// <summary>Ingests the source to one Parquet file (see <see cref="ZooIngest"/>).</summary>
    public IngestSummary Ingest(string outputPath, NonFinitePolicy policy = NonFinitePolicy.Drop, int rowGroupSize = ZooIngest.DefaultRowGroupSize) =>
        ZooIngest.Run(Folder.Directory, outputPath, policy, rowGroupSize, Dataset);

    private static string? FirstDataset(ZooFolder zoo)
    {
        foreach (var row in MetricsCsv.Enumerate(zoo.MetricsPath))
            return row.Config.GetValueOrDefault("dataset");
        return null;
    }
}
