using Parquet;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// Turns a zoo folder (weights.npy, layout.csv, metrics.csv.gz) into one Parquet file, one row
/// per checkpoint (see <see cref="ZooParquet"/>), streaming one row group at a time so memory does
/// not grow with the zoo. All structural checks run before anything is written; the output goes
/// to a temporary file beside the target and is moved into place only on success.
/// </summary>
public static class ZooIngest
{
    public const int DefaultRowGroupSize = 10_000;

    public static IngestSummary Run(string zooDirectory, string outputPath,
        NonFinitePolicy policy = NonFinitePolicy.Drop, int rowGroupSize = DefaultRowGroupSize) =>
        RunAsync(zooDirectory, outputPath, policy, rowGroupSize).GetAwaiter().GetResult();

    public static async Task<IngestSummary> RunAsync(string zooDirectory, string outputPath,
        NonFinitePolicy policy = NonFinitePolicy.Drop, int rowGroupSize = DefaultRowGroupSize, CancellationToken cancellationToken = default)
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
        // A full pass: reads the config keys from the header, counts the rows and parses every
        // value, so a bad value fails before writing.
        IReadOnlyList<string> configKeys = [];
        long metricRows = 0;
        foreach (var _ in MetricsCsv.Enumerate(zoo.MetricsPath, k => configKeys = k)) metricRows++;
        if (metricRows != weights.Rows)
            throw new ZooFormatException($"{ZooFolder.MetricsFileName} has {metricRows} rows but {ZooFolder.WeightsFileName} has {weights.Rows}; they must match row for row");

        var target = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            IngestSummary summary;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                summary = await WriteAsync(stream, weights, zoo.MetricsPath, configKeys, policy, rowGroupSize, cancellationToken);
            File.Move(temp, target, overwrite: true);
            return summary;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static async Task<IngestSummary> WriteAsync(Stream stream, NpyReader weights, string metricsPath,
        IReadOnlyList<string> configKeys, NonFinitePolicy policy, int rowGroupSize, CancellationToken ct)
    {
        var p = weights.Columns;
        var schema = new ZooParquet.Schema(configKeys);
        var chunk = (int)Math.Max(1, Math.Min(rowGroupSize, weights.Rows));

        // Buffers sized once for a full row group and reused (touching fresh memory is slow here).
        var values = new float[(long)chunk * p];
        var definition = new int[values.Length];
        Array.Fill(definition, schema.WeightElement.MaxDefinitionLevel);
        var repetition = new int[values.Length];
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
        int written = 0, dropped = 0;
        using var metrics = MetricsCsv.Enumerate(metricsPath).GetEnumerator();
        // Parquet.Net compresses with Snappy by default; weights barely compress and Snappy is ~4x slower.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.None };
        await using var writer = await ParquetWriter.CreateAsync(schema.Parquet, stream, options, false, ct);

        for (long first = 0; first < weights.Rows; first += chunk)
        {
            ct.ThrowIfCancellationRequested();
            var n = (int)Math.Min(chunk, weights.Rows - first);
            weights.ReadRows(first, values.AsSpan(0, n * p));
            var kept = 0;
            for (var i = 0; i < n; i++)
            {
                if (!metrics.MoveNext())
                    throw new ZooFormatException($"{ZooFolder.MetricsFileName} ended before row {first + i} of {ZooFolder.WeightsFileName}");
                var m = metrics.Current;
                var row = values.AsSpan(i * p, p);
                var bad = FirstNonFinite(row);
                if (bad >= 0)
                {
                    if (policy == NonFinitePolicy.Error)
                        throw new ZooFormatException($"{ZooFolder.WeightsFileName} row {first + i} (0-based; metrics row {first + i + 1}, modeldir '{m.ModelDir}', step {m.Step}): weight {bad} is {row[bad]}");
                    dropped++;
                    continue;
                }
                if (kept != i) row.CopyTo(values.AsSpan(kept * p, p));
                if (!ids.TryGetValue(m.ModelDir, out var id)) ids[m.ModelDir] = id = ids.Count;
                modelIds[kept] = id;
                modelDirs[kept] = m.ModelDir;
                epochs[kept] = m.Step;
                testAcc[kept] = m.TestAccuracy;
                trainAcc[kept] = m.TrainAccuracy;
                testLoss[kept] = m.TestLoss;
                trainLoss[kept] = m.TrainLoss;
                for (var k = 0; k < configKeys.Count; k++)
                    config[k][kept] = m.Config.TryGetValue(configKeys[k], out var v) ? v : "";
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
        return new IngestSummary(written, dropped, ids.Count, p);
    }

    /// <summary>Index of the first NaN or infinity, or -1.</summary>
    private static int FirstNonFinite(ReadOnlySpan<float> row)
    {
        for (var i = 0; i < row.Length; i++)
            if (!float.IsFinite(row[i])) return i;
        return -1;
    }
}
