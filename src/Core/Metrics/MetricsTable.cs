using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Metrics;

/// <summary>
/// Reads and writes one stage's part of the long-format metrics table. Every stage writes its own
/// Parquet file with this schema; the report reads them all through DuckDB as one table.
/// </summary>
public static class MetricsTable
{
    private static readonly DataField<string>[] TextFields =
    [
        new("table"), new("dataset"), new("target"), new("method"), new("input"),
        new("augmentation"), new("config"), new("metric"),
    ];
    private static readonly DataField<double> ValueField = new("value");
    private static readonly DataField<string> SplitField = new("split");
    private static readonly DataField<int> SeedField = new("seed");
    private static readonly DataField<string> StageField = new("stage");

    private static readonly ParquetSchema Schema = new([.. TextFields, ValueField, SplitField, SeedField, StageField]);

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/>; a non-finite value is an error naming the row.</summary>
    public static void Write(string path, IReadOnlyList<MetricRow> rows)
    {
        foreach (var r in rows)
            if (!double.IsFinite(r.Value))
                throw new InvalidDataException($"{path}: metric {r.Table}/{r.Dataset}/{r.Target}/{r.Method}/{r.Input}/{r.Metric} is {r.Value}; metrics must be finite");
        WriteAsync(path, rows).GetAwaiter().GetResult();
    }

    public static IReadOnlyList<MetricRow> Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    private static async Task WriteAsync(string path, IReadOnlyList<MetricRow> rows)
    {
        Func<MetricRow, string>[] text =
        [
            r => r.Table, r => r.Dataset, r => r.Target, r => r.Method, r => r.Input,
            r => r.Augmentation, r => r.Config, r => r.Metric,
        ];
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < TextFields.Length; i++)
            await group.WriteAsync(TextFields[i], rows.Select(text[i]).ToArray(), null);
        await group.WriteAsync<double>(ValueField, rows.Select(r => r.Value).ToArray(), null, null, default);
        await group.WriteAsync(SplitField, rows.Select(r => r.Split).ToArray(), null);
        await group.WriteAsync<int>(SeedField, rows.Select(r => r.Seed).ToArray(), null, null, default);
        await group.WriteAsync(StageField, rows.Select(r => r.Stage).ToArray(), null);
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
            var text = new string[TextFields.Length][];
            for (var i = 0; i < TextFields.Length; i++)
                text[i] = await ReadText(group, TextFields[i], n);
            var values = new double[n];
            await group.ReadAsync<double>(ValueField, values, null, default);
            var splits = await ReadText(group, SplitField, n);
            var seeds = new int[n];
            await group.ReadAsync<int>(SeedField, seeds, null, default);
            var stages = await ReadText(group, StageField, n);
            for (var r = 0; r < values.Length; r++)
                result.Add(new MetricRow(text[0][r], text[1][r], text[2][r], text[3][r], text[4][r], text[5][r],
                    text[6][r], text[7][r], values[r], splits[r], seeds[r], stages[r]));
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
