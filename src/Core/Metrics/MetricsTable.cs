using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Metrics;

/// <summary>
/// Reads and writes one stage's part of the long-format metrics table. Every stage writes its own
/// Parquet file with this schema; the report reads them all through DuckDB as one table.
/// </summary>
public static class MetricsTable
{
    private static readonly DataField<string>[] KeyFields =
    [
        new("table"), new("dataset"), new("target"), new("method"), new("input"),
        new("augmentation"), new("config"), new("metric"),
    ];
    private static readonly DataField<double> ValueField = new("value");
    private static readonly DataField<string> SplitField = new("split");
    private static readonly DataField<int> SeedField = new("seed");
    private static readonly DataField<string> StageField = new("stage");

    // The typed coordinates (MetricCoordinates), after the original columns.
    private static readonly DataField<string>[] CoordinateText = [new("params"), new("noise"), new("quantile"), new("class"), new("predicted")];
    private static readonly DataField<double?> SnrField = new("snr");
    private static readonly DataField<int?>[] CoordinateIntegers = [new("epoch"), new("head"), new("cell_row"), new("cell_column")];

    private static readonly ParquetSchema Schema = new([.. KeyFields, ValueField, SplitField, SeedField, StageField, .. CoordinateText, SnrField, .. CoordinateIntegers]);

    private static readonly Func<MetricKey, string>[] KeyText =
    [
        k => k.Table, k => k.Dataset, k => k.Target, k => k.Method, k => k.Input, k => k.Augmentation, k => k.Config, k => k.Metric,
    ];
    private static readonly Func<MetricCoordinates, string>[] CoordinateTextOf = [c => c.Params, c => c.Noise, c => c.Quantile, c => c.Class, c => c.Predicted];
    private static readonly Func<MetricCoordinates, int?>[] CoordinateIntegerOf = [c => c.Epoch, c => c.Head, c => c.CellRow, c => c.CellColumn];

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/>; a non-finite value is an error naming the row.</summary>
    public static void Write(string path, IReadOnlyList<MetricRow> rows)
    {
        foreach (var r in rows)
            if (!double.IsFinite(r.Value))
                throw new InvalidDataException($"{path}: metric {r.Key.Table}/{r.Key.Dataset}/{r.Key.Target}/{r.Key.Method}/{r.Key.Input}/{r.Key.Metric} is {r.Value}; metrics must be finite");
        WriteAsync(path, rows).GetAwaiter().GetResult();
    }

    public static IReadOnlyList<MetricRow> Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    private static async Task WriteAsync(string path, IReadOnlyList<MetricRow> rows)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < KeyFields.Length; i++)
            await group.WriteAsync(KeyFields[i], rows.Select(r => KeyText[i](r.Key)).ToArray(), null);
        await group.WriteAsync<double>(ValueField, rows.Select(r => r.Value).ToArray(), null, null, default);
        await group.WriteAsync(SplitField, rows.Select(r => r.Split).ToArray(), null);
        await group.WriteAsync<int>(SeedField, rows.Select(r => r.Seed).ToArray(), null, null, default);
        await group.WriteAsync(StageField, rows.Select(r => r.Stage).ToArray(), null);
        for (var i = 0; i < CoordinateText.Length; i++)
            await group.WriteAsync(CoordinateText[i], rows.Select(r => CoordinateTextOf[i](r.At)).ToArray(), null);
        await group.WriteAsync<double>(SnrField, rows.Select(r => r.At.Snr).ToArray(), null, null, default);
        for (var i = 0; i < CoordinateIntegers.Length; i++)
            await group.WriteAsync<int>(CoordinateIntegers[i], rows.Select(r => CoordinateIntegerOf[i](r.At)).ToArray(), null, null, default);
    }

    private static async Task<IReadOnlyList<MetricRow>> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var result = new List<MetricRow>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var key = new string[KeyFields.Length][];
            for (var i = 0; i < KeyFields.Length; i++)
                key[i] = await ReadText(group, KeyFields[i], n);
            var values = new double[n];
            await group.ReadAsync<double>(ValueField, values, null, default);
            var splits = await ReadText(group, SplitField, n);
            var seeds = new int[n];
            await group.ReadAsync<int>(SeedField, seeds, null, default);
            var stages = await ReadText(group, StageField, n);
            var text = new string[CoordinateText.Length][];
            for (var i = 0; i < CoordinateText.Length; i++)
                text[i] = await ReadText(group, CoordinateText[i], n);
            var snr = new double?[n];
            await group.ReadAsync<double>(SnrField, snr, null, default);
            var integers = new int?[CoordinateIntegers.Length][];
            for (var i = 0; i < CoordinateIntegers.Length; i++)
            {
                integers[i] = new int?[n];
                await group.ReadAsync<int>(CoordinateIntegers[i], integers[i], null, default);
            }
            for (var r = 0; r < n; r++)
                result.Add(new MetricRow(new MetricKey(key[0][r], key[1][r], key[2][r], key[3][r], key[4][r], key[5][r], key[6][r], key[7][r]),
                    values[r], splits[r], seeds[r], stages[r])
                {
                    At = new MetricCoordinates(Params: text[0][r], Noise: text[1][r], Snr: snr[r], Epoch: integers[0][r], Quantile: text[2][r],
                        Class: text[3][r], Predicted: text[4][r], Head: integers[1][r], CellRow: integers[2][r], CellColumn: integers[3][r]),
                });
        }
        return result;
    }

    private static async Task<string[]> ReadText(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string[rows];
        await group.ReadAsync(field, values, null, default);
        return values;
    }
}
