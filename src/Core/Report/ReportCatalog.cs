using System.Reflection;

namespace WeightSpace.Core.Report;

/// <summary>
/// Every table and figure of the report, found where each is declared: a public static
/// <see cref="ReportTable"/> or <see cref="ReportFigure"/> field beside the experiment that
/// measures it (Experiments/Table9.cs declares Table 9, Table4.cs Figure 15). A new table or figure
/// needs only its declaration; the report stage draws whatever is declared.
/// </summary>
public static class ReportCatalog
{
    /// <summary>Every declared table, in report order (see <see cref="ReportTable.Order"/>).</summary>
    public static IReadOnlyList<ReportTable> Tables { get; } = Declared<ReportTable>(t => t.Id)
        .OrderBy(t => t.Order).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();

    /// <summary>Every declared figure, in thesis order.</summary>
    public static IReadOnlyList<ReportFigure> Figures { get; } = Declared<ReportFigure>(f => f.Id).OrderBy(f => f.Number).ToList();

    private static readonly Dictionary<string, ReportTable> ById = Tables.ToDictionary(t => t.Id, StringComparer.Ordinal);

    /// <summary>The caption of a table; its id when it has no declaration.</summary>
    public static string Caption(string table) => ById.TryGetValue(table, out var t) ? t.Caption : table;

    /// <summary>A table's place in the report; after the declared ones (1000) when it has no declaration.</summary>
    public static int Order(string table) => ById.TryGetValue(table, out var t) ? t.Order : 1000;

    private static List<T> Declared<T>(Func<T, string> id)
    {
        var found = typeof(ReportCatalog).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.FieldType == typeof(T))
            .Select(field => (T)(field.GetValue(null) ?? throw new InvalidOperationException($"{field.DeclaringType}.{field.Name} is null")))
            .ToList();
        var twice = found.GroupBy(id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"{typeof(T).Name} '{twice.Key}' is declared {twice.Count()} times");
        return found;
    }
}
