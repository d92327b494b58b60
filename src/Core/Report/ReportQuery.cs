using DuckDB.NET.Data;

namespace WeightSpace.Core.Report;

/// <summary>Joins every metrics part with the thesis reference through DuckDB (report.sql).</summary>
public static class ReportQuery
{
    /// <param name="catalog">The report's tables, whose <see cref="ReportTable.Borrowed"/> rows the query adds.</param>
    public static IReadOnlyList<ReportRow> Run(string referenceCsv, IReadOnlyList<string> metricParts, ReportCatalog catalog)
    {
        if (!File.Exists(referenceCsv)) throw new FileNotFoundException($"thesis reference '{referenceCsv}' not found", referenceCsv);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, SqlText.Load("Report/schema.sql"));
        using (var borrowed = connection.CreateAppender("borrowed"))
            foreach (var table in catalog.Tables)
                foreach (var b in table.Borrowed)
                    borrowed.CreateRow().AppendValue(table.Id).AppendValue(b.From).AppendValue(b.Method).AppendValue(b.Input).EndRow();
        foreach (var part in metricParts)
        {
            if (!File.Exists(part)) throw new FileNotFoundException($"metrics part '{part}' not found", part);
            try
            {
                Execute(connection, SqlText.Load("Report/load_metrics.sql", new Dictionary<string, string> { ["file"] = part }));
            }
            catch (DuckDBException e)
            {
                throw new InvalidDataException($"{part}: not a readable metrics table ({e.Message})", e);
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = SqlText.Load("Report/report.sql", new Dictionary<string, string> { ["reference"] = referenceCsv });
        using var reader = command.ExecuteReader();
        var rows = new List<ReportRow>();
        while (reader.Read())
        {
            string Text(int i) => reader.IsDBNull(i) ? "" : reader.GetString(i);
            double? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            int? Integer(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
            rows.Add(new ReportRow(Text(0), Text(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7),
                Number(8), Number(9), Convert.ToInt32(reader.GetValue(10)), Text(11))
            {
                At = new(Params: Text(12), Noise: Text(13), Quantile: Text(14), Class: Text(15), Predicted: Text(16), Snr: Number(17),
                    Epoch: Integer(18), Head: Integer(19), CellRow: Integer(20), CellColumn: Integer(21)),
            });
        }
        return rows;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
