using System.Numerics;
using System.Runtime.InteropServices;
using Parquet;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// Turns a zoo folder (weights.npy, layout.csv, metrics.csv.gz) into one Parquet file, one row
/// per checkpoint (see <see cref="ZooParquet"/>), streaming one row group at a time so memory does
/// not grow with the zoo. The layout, the weights' header and the metrics' header are checked
/// before anything is written; metrics.csv.gz is then read once, beside the weights, each row
/// checked as it comes. The output goes to a temporary file beside the target and is moved into
/// place only when every check of the whole input has passed.
/// </summary>
public static class ZooIngest
{
    public const int DefaultRowGroupSize = 10_000;

    /// <summary>Weights held in memory per row group at most (16 MB), whatever the row count asks: a
    /// 4,970-weight CNN row group of 10,000 rows would need 200 MB of values plus as much again of
    /// Parquet levels.</summary>
    public const int MaxRowGroupValues = 4 << 20;

    /// <param name="dataset">When set, only rows whose config.dataset equals it (ignoring case) are
    /// ingested: a published folder may hold several image sets.</param>
    public static IngestSummary Run(string zooDirectory, string outputPath,
        NonFinitePolicy policy = NonFinitePolicy.Drop, int rowGroupSize = DefaultRowGroupSize, string? dataset = null) =>
        RunAsync(zooDirectory, outputPath, policy, rowGroupSize, dataset).GetAwaiter().GetResult();

    public static async Task<IngestSummary> RunAsync(string zooDirectory, string outputPath,
        NonFinitePolicy policy = NonFinitePolicy.Drop, int rowGroupSize = DefaultRowGroupSize, string? dataset = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupSize);
        var zoo = new ZooFolder(zooDirectory);
        zoo.RequireFiles();

        // Validate everything that can be validated without writing.
        var layout = LayoutCsv.Read(zoo.LayoutPath);
        using var weights = NpyReader.Open(zoo.WeightsPath);
        var p = weights.Columns;
        if (p != layout.ParameterCount)
            throw new ZooFormatException($"{ZooFolder.WeightsFileName} has {p} columns but {ZooFolder.LayoutFileName} covers {layout.ParameterCount} parameters");
        // metrics.csv.gz is read once, beside the weights: its header is checked here, each row as
        // it comes, and what needs the whole file (row count, image set present) at the end, all
        // before the output is moved into place.
        using var metrics = new MetricsReader(zoo.MetricsPath);
        if (dataset is not null && !metrics.ConfigKeys.Contains(DatasetKey))
            throw new ZooFormatException($"{metrics.Name}: no column 'config.{DatasetKey}', so image set '{dataset}' cannot be picked out");
        var target = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            IngestSummary summary;
            await using (var stream = new SynchronousFileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                summary = await WriteAsync(stream, weights, metrics, policy, rowGroupSize, dataset, cancellationToken);
            File.Move(temp, target, overwrite: true);
            return summary;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static async Task<IngestSummary> WriteAsync(Stream stream, NpyReader weights, MetricsReader metrics,
        NonFinitePolicy policy, int rowGroupSize, string? dataset, CancellationToken ct)
    {
        var p = weights.Columns;
        var configKeys = metrics.ConfigKeys;
        var datasetColumn = dataset is null ? -1 : configKeys.ToList().IndexOf(DatasetKey);
        var checks = new MetricsChecks(metrics.Name);
        var schema = new ZooParquet.Schema(configKeys);
        var chunk = (int)Math.Max(1, Math.Min(Math.Min(rowGroupSize, MaxRowGroupValues / p), weights.Rows));

        // Buffers sized once for a full row group and reused (touching fresh memory is slow here).
        // Two weight buffers: the next row group is read from weights.npy (on another core) while
        // this one is checked and encoded.
        float[][] buffers = [new float[(long)chunk * p], new float[(long)chunk * p]];
        var definition = new int[buffers[0].Length];
        Array.Fill(definition, schema.WeightElement.MaxDefinitionLevel);
        var repetition = new int[definition.Length];
        for (var i = 0; i < repetition.Length; i++) repetition[i] = i % p == 0 ? 0 : 1;
        var modelIds = new int[chunk];
        var modelDirs = new string[chunk];
        var epochs = new int[chunk];
        var testAcc = new double[chunk];
        var trainAcc = new double[chunk];
        var testLoss = new double[chunk];
        var trainLoss = new double[chunk];
        var config = configKeys.Select(_ => new string[chunk]).ToArray();

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int written = 0, dropped = 0, otherDatasets = 0;
        // Parquet.Net compresses with Snappy by default; weights barely compress and Snappy is ~4x slower.
        var options = ZooParquet.BoundedPoolOptions();
        options.CompressionMethod = CompressionMethod.None;
        await using var writer = await ParquetWriter.CreateAsync(schema.Parquet, stream, options, false, ct);

        Task ReadAhead(long first, float[] into) => Task.Run(() =>
            weights.ReadRows(first, into.AsSpan(0, (int)Math.Min(chunk, weights.Rows - first) * p)), CancellationToken.None);
        var next = weights.Rows > 0 ? ReadAhead(0, buffers[0]) : Task.CompletedTask;
        try
        {
            for (long first = 0, group = 0; first < weights.Rows; first += chunk, group++)
            {
                await next;
                ct.ThrowIfCancellationRequested();
                var n = (int)Math.Min(chunk, weights.Rows - first);
                var values = buffers[group % 2];
                // The other buffer's row group has been written (each write is awaited), so it is free.
                next = first + chunk < weights.Rows ? ReadAhead(first + chunk, buffers[(group + 1) % 2]) : Task.CompletedTask;
                var kept = 0;
                for (var i = 0; i < n; i++)
                {
                    if (!metrics.Read())
                        throw checks.RowCountMismatch(weights.Rows);
                    checks.Add(metrics);
                    if (dataset is not null && !checks.IsDataset(metrics.Config[datasetColumn], dataset))
                    {
                        otherDatasets++;
                        continue;
                    }
                    var row = values.AsSpan(i * p, p);
                    var bad = FirstUnusable(row);
                    if (bad >= 0)
                    {
                        if (policy == NonFinitePolicy.Error)
                            throw new ZooFormatException($"{ZooFolder.WeightsFileName} row {first + i} (0-based; metrics row {first + i + 1}, modeldir '{metrics.ModelDir}', step {metrics.Step}): weight {bad} is {row[bad]}"
                                + (float.IsFinite(row[bad]) ? $", beyond ±{MaxAbsWeight:G} (the checkpoint's statistics, e.g. its variance, would overflow a float)" : ""));
                        dropped++;
                        continue;
                    }
                    // NaN is pandas' missing value; a kept checkpoint must have its accuracies.
                    if (double.IsNaN(metrics.TestAccuracy) || double.IsNaN(metrics.TrainAccuracy))
                        throw new ZooFormatException($"{ZooFolder.MetricsFileName} row {first + i + 1} (modeldir '{metrics.ModelDir}', step {metrics.Step}): {(double.IsNaN(metrics.TestAccuracy) ? "test_accuracy" : "train_accuracy")} is NaN");
                    if (kept != i) row.CopyTo(values.AsSpan(kept * p, p));
                    if (!ids.TryGetValue(metrics.ModelDir, out var id)) ids[metrics.ModelDir] = id = ids.Count;
                    modelIds[kept] = id;
                    modelDirs[kept] = metrics.ModelDir;
                    epochs[kept] = metrics.Step;
                    testAcc[kept] = metrics.TestAccuracy;
                    trainAcc[kept] = metrics.TrainAccuracy;
                    testLoss[kept] = metrics.TestLoss;
                    trainLoss[kept] = metrics.TrainLoss;
                    for (var k = 0; k < configKeys.Count; k++)
                        config[k][kept] = metrics.Config[k];
                    kept++;
                }
                if (kept == 0) continue;

                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync<int>(schema.ModelIdField, modelIds.AsMemory(0, kept), null, null, ct);
                await rg.WriteAsync(schema.ModelDirField, new ArraySegment<string>(modelDirs, 0, kept), null);
                await rg.WriteAsync<int>(schema.EpochField, epochs.AsMemory(0, kept), null, null, ct);
                await rg.WriteAsync<double>(schema.TestAccuracyField, testAcc.AsMemory(0, kept), null, null, ct);
                await rg.WriteAsync<double>(schema.TrainAccuracyField, trainAcc.AsMemory(0, kept), null, null, ct);
                await rg.WriteAsync<double>(schema.TestLossField, testLoss.AsMemory(0, kept), null, null, ct);
                await rg.WriteAsync<double>(schema.TrainLossField, trainLoss.AsMemory(0, kept), null, null, ct);
                for (var k = 0; k < configKeys.Count; k++)
                    await rg.WriteAsync(schema.Config[k], new ArraySegment<string>(config[k], 0, kept), null);
                // A list column needs both level streams (ENVIRONMENT.md): every element is defined
                // (level 2), and repetition 0 starts a new row, 1 continues it.
                var count = kept * p;
                await rg.WriteAllPartsAsync<float>(schema.WeightElement, values.AsMemory(0, count),
                    definition.AsMemory(0, count), repetition.AsMemory(0, count), ct);
                written += kept;
            }
        }
        finally
        {
            // A failed row group leaves the read of the next one running: it must not outlive the
            // file. Its own error, if any, was either thrown above or is moot beside the failure.
            try { await next; }
            catch (Exception) { }
        }
        // The rest of the file is read (and checked) to report a row count that does not match.
        if (metrics.Read())
        {
            do checks.Add(metrics);
            while (metrics.Read());
            throw checks.RowCountMismatch(weights.Rows);
        }
        checks.RequireDataset(dataset);
        if (written == 0)
            throw new ZooFormatException(dataset is null
                ? $"{ZooFolder.WeightsFileName}: every one of its {weights.Rows} rows has non-finite weights (or weights beyond ±{MaxAbsWeight:G}); nothing to ingest"
                : $"{ZooFolder.WeightsFileName}: no row of config.dataset '{dataset}' has finite weights; nothing to ingest");
        return new IngestSummary(written, dropped, ids.Count, p, otherDatasets);
    }

    private const string DatasetKey = "dataset";

    /// <summary>
    /// The largest weight magnitude a kept checkpoint may have. Beyond it a finite weight still makes
    /// the statistics overflow: a group's variance reaches the square of its weights, and 1e18
    /// squared (1e36) is the last power of ten below float's 3.4e38, the type the features are
    /// stored in. Such a checkpoint is treated as a non-finite one: dropped and counted, or an error.
    /// </summary>
    public const float MaxAbsWeight = 1e18f;

    /// <summary>Index of the first NaN, infinity or weight beyond ±<see cref="MaxAbsWeight"/>, or -1. Vectorised: it runs over every weight of the zoo.</summary>
    private static int FirstUnusable(ReadOnlySpan<float> row)
    {
        // For a float without its sign bit, the bits order as the magnitudes do, and NaN and
        // infinity are above every finite value: one unsigned compare finds all three.
        var limit = BitConverter.SingleToUInt32Bits(MaxAbsWeight);
        var bits = MemoryMarshal.Cast<float, uint>(row);
        var magnitude = new Vector<uint>(0x7FFFFFFF);
        var max = new Vector<uint>(limit);
        var i = 0;
        for (; i + Vector<uint>.Count <= bits.Length; i += Vector<uint>.Count)
            if (Vector.GreaterThanAny(new Vector<uint>(bits[i..]) & magnitude, max)) break;
        for (; i < row.Length; i++)
            if ((bits[i] & 0x7FFFFFFF) > limit) return i;
        return -1;
    }
}
