using DuckDB.NET.Data;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Report;

/// <summary>
/// Joins every metrics part with the thesis reference through DuckDB (report.sql) and gives each
/// thesis row its verdict (tolerance.sql, settings.sql, verdict.sql).
/// </summary>
public static class ReportQuery
{
    /// <summary>The SQL files, in the order they run (the report stage declares them as inputs).</summary>
    public static readonly IReadOnlyList<string> SqlFiles =
        ["Report/schema.sql", "Report/load_metrics.sql", "Report/load_zoos.sql", "Report/report.sql", "Report/tolerance.sql", "Report/settings.sql", "Report/verdict.sql"];

    /// <param name="catalog">The report's tables, whose <see cref="ReportTable.Borrowed"/> rows the query adds.</param>
    public static IReadOnlyList<ReportRow> Run(string referenceCsv, IReadOnlyList<string> metricParts, ReportCatalog catalog) =>
        Load(referenceCsv, null, metricParts, catalog).Rows;

    /// <summary>Every row with its verdict, our zoos beside the thesis', and the tolerances.</summary>
    /// <param name="thesisZoosCsv">The thesis' zoo sizes (data/reference/thesis-zoos.csv); without it no row is found not comparable by its zoo.</param>
    public static ReportData Load(string referenceCsv, string? thesisZoosCsv, IReadOnlyList<string> metricParts, ReportCatalog catalog)
    {
        if (!File.Exists(referenceCsv)) throw new FileNotFoundException($"thesis reference '{referenceCsv}' not found", referenceCsv);
        if (thesisZoosCsv is not null && !File.Exists(thesisZoosCsv)) throw new FileNotFoundException($"thesis zoo sizes '{thesisZoosCsv}' not found", thesisZoosCsv);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, SqlText.Load("Report/schema.sql"));
        using (var borrowed = connection.CreateAppender("borrowed"))
            foreach (var table in catalog.Tables)
                foreach (var b in table.Borrowed)
                    borrowed.CreateRow().AppendValue(table.Id).AppendValue(b.From).AppendValue(b.Method).AppendValue(b.Input).EndRow();
        using (var zoo = connection.CreateAppender("zoo"))
            foreach (var name in ZooNames.TetrisZoos.Concat(ZooNames.CnnImageSetNames.Select(ZooNames.CnnZoo)))
                zoo.CreateRow().AppendValue(name).AppendValue(ZooNames.Dataset(name)).EndRow();
        using (var downloadOnly = connection.CreateAppender("download_only"))
            foreach (var dataset in ZooNames.DownloadOnlyDatasets.Order(StringComparer.Ordinal))
                downloadOnly.CreateRow().AppendValue(dataset).EndRow();
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
        Execute(connection, SqlText.Load("Report/report.sql", new Dictionary<string, string> { ["reference"] = referenceCsv }));
        Execute(connection, SqlText.Load("Report/tolerance.sql"));
        if (thesisZoosCsv is not null)
            Execute(connection, SqlText.Load("Report/load_zoos.sql", new Dictionary<string, string> { ["zoos"] = thesisZoosCsv }));
        Execute(connection, SqlText.Load("Report/settings.sql"));
        return new ReportData(Rows(connection), Zoos(connection), Tolerances(connection), Rules(connection));
    }

    private static List<ReportRow> Rows(DuckDBConnection connection)
    {
        var rows = new List<ReportRow>();
        Read(connection, SqlText.Load("Report/verdict.sql"), reader =>
        {
            string Text(int i) => reader.IsDBNull(i) ? "" : reader.GetString(i);
            double? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            int? Integer(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
            rows.Add(new ReportRow(Text(0), Text(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7),
                Number(8), Number(9), Convert.ToInt32(reader.GetValue(10)), Text(11))
            {
                At = new(Params: Text(12), Noise: Text(13), Quantile: Text(14), Class: Text(15), Predicted: Text(16), Snr: Number(17),
                    Epoch: Integer(18), Head: Integer(19), CellRow: Integer(20), CellColumn: Integer(21)),
                Verdict = reader.IsDBNull(22) ? null : Verdicts.Parse(reader.GetString(22)),
                Reason = Text(23),
            });
        });
        return rows;
    }

    private static List<ZooSetting> Zoos(DuckDBConnection connection)
    {
        var zoos = new List<ZooSetting>();
        Read(connection, "SELECT dataset, zoo, models, thesis_models, checkpoints, thesis_checkpoints, source, differs FROM setting ORDER BY dataset", r =>
        {
            double? Number(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
            zoos.Add(new ZooSetting(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), Number(2), Number(3), Number(4), Number(5),
                r.IsDBNull(6) ? "" : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));
        });
        return zoos;
    }

    private static List<MetricTolerance> Tolerances(DuckDBConnection connection)
    {
        var tolerances = new List<MetricTolerance>();
        Read(connection, "SELECT metric, better, reproduced, partial, relative, what, tolerance_text(reproduced, relative), tolerance_text(partial, relative) FROM tolerance", r =>
            tolerances.Add(new MetricTolerance(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetBoolean(4), r.GetString(5), r.GetString(6), r.GetString(7))));
        return tolerances;
    }

    private static List<SettingRule> Rules(DuckDBConnection connection)
    {
        var rules = new List<SettingRule>();
        Read(connection, "SELECT setting, CAST(least_share AS DOUBLE) FROM setting_rule", r => rules.Add(new SettingRule(r.GetString(0), r.GetDouble(1))));
        return rules;
    }

    private static void Read(DuckDBConnection connection, string sql, Action<System.Data.Common.DbDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>What the report query gives: the rows with their verdicts, the zoos and the verdict's rules.</summary>
public sealed record ReportData(
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<ZooSetting> Zoos,
    IReadOnlyList<MetricTolerance> Tolerances,
    IReadOnlyList<SettingRule> SettingRules);

/// <summary>A zoo setting (models, checkpoints) and the least share of the thesis' a comparable zoo has (tolerance.sql).</summary>
public sealed record SettingRule(string Setting, double LeastShare);

/// <summary>A thesis dataset's zoo, ours (null where we have none) beside the thesis', and how they differ when that decides the numbers.</summary>
public sealed record ZooSetting(string Dataset, string? Zoo, double? Models, double? ThesisModels, double? Checkpoints, double? ThesisCheckpoints,
    string Source, string? Differs);

/// <summary>One metric's verdict tolerances (tolerance.sql), with their printed forms.</summary>
public sealed record MetricTolerance(string Metric, string Better, double Reproduced, double Partial, bool Relative, string What,
    string ReproducedText, string PartialText);
