using System.Reflection;

namespace WeightSpace.Core.Report;

/// <summary>The .sql files of Core, embedded in the assembly, with {name} placeholders filled.</summary>
public static class SqlText
{
    public static string Load(string relativePath, IReadOnlyDictionary<string, string>? literals = null)
    {
        var name = "WeightSpace.Core/" + relativePath;
        using var stream = typeof(SqlText).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"SQL resource '{name}' is not embedded in {typeof(SqlText).Assembly.GetName().Name}");
        var sql = new StreamReader(stream).ReadToEnd();
        foreach (var (key, value) in literals ?? new Dictionary<string, string>())
            sql = sql.Replace("{" + key + "}", Quote(value), StringComparison.Ordinal);
        return sql;
    }

    /// <summary>A SQL string literal; table functions such as read_parquet take no bound parameters.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
