using System.Globalization;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// layout.csv of the Small CNN Zoo: <c>varname,start_idx,end_idx,shape</c>, one row per
/// variable, shape as a Python tuple string such as "(3, 3, 1, 16)" or "(16,)". Extra columns
/// (e.g. a pandas index) are ignored. CsvHelper's lower-level reader is used: the file is four
/// columns and the errors must name the row, which is easier without a generated record type.
/// </summary>
public static class LayoutCsv
{
    public static readonly IReadOnlyList<string> Columns = ["varname", "start_idx", "end_idx", "shape"];

    /// <summary>Reads the file and builds a validated layout.</summary>
    /// <exception cref="LayoutException">names the file and the row.</exception>
    public static WeightLayout Read(string path)
    {
        var entries = ReadEntries(path);
        try
        {
            return WeightLayout.Create(entries);
        }
        catch (LayoutException e)
        {
            // WeightLayout names the variable; add the file and, when it is clear, the row.
            var row = entries.FindIndex(x => e.Message.Contains($"'{x.VarName}'", StringComparison.Ordinal));
            var where = row >= 0 ? $" (row {row + 1})" : "";
            throw new LayoutException($"{Path.GetFileName(path)}{where}: {e.Message}");
        }
    }

    /// <summary>Reads the rows as they are, without checking that they tile the vector.</summary>
    public static List<LayoutEntry> ReadEntries(string path)
    {
        var name = Path.GetFileName(path);
        using var reader = CsvReader.Create(File.OpenRead(path), CsvReaderOptions.Default, leaveOpen: false);
        var entries = new List<LayoutEntry>();
        int[]? index = null;
        while (reader.Read())
        {
            index ??= Columns.Select(c => reader.TryGetFieldIndex(c, out var i) ? i
                : throw new LayoutException($"{name}: required column '{c}' is missing (header: {string.Join(",", reader.Headers)})")).ToArray();
            var row = (int)reader.RowNumber;
            string Field(int k) => index[k] < reader.FieldCount ? reader.GetString(index[k]).Trim()
                : throw new LayoutException($"{name} row {row}: column '{Columns[k]}' is missing");
            int Int(int k) => int.TryParse(Field(k), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
                : throw new LayoutException($"{name} row {row}, column '{Columns[k]}': '{Field(k)}' is not a non-negative integer");

            var varName = Field(0);
            if (varName.Length == 0) throw new LayoutException($"{name} row {row}, column 'varname': empty");
            var start = Int(1);
            var end = Int(2);
            if (end < start) throw new LayoutException($"{name} row {row}: end_idx {end} is before start_idx {start}");
            var shape = ParseShape(Field(3)) ?? throw new LayoutException($"{name} row {row}, column 'shape': '{Field(3)}' is not a tuple of positive integers like (3, 3, 1, 16) or (16,)");
            entries.Add(new LayoutEntry(varName, start, end, shape));
        }
        if (index is null) throw new LayoutException($"{name}: no rows (expected columns {string.Join(",", Columns)})");
        return entries;
    }

    public static void Write(string path, WeightLayout layout) => Write(path, layout.Entries);

    public static void Write(string path, IEnumerable<LayoutEntry> entries)
    {
        using var writer = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default, leaveOpen: false);
        writer.WriteHeader([.. Columns]);
        foreach (var e in entries)
            writer.WriteRecord([e.VarName, Inv(e.Start), Inv(e.End), FormatShape(e.Shape)]);
    }

    /// <summary>Python's tuple repr: "(3, 3, 1, 16)", "(16,)", "()".</summary>
    public static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({Inv(shape[0])},)" : $"({string.Join(", ", shape.Select(Inv))})";

    /// <summary>Parses a Python tuple of positive integers; null when it is not one.</summary>
    public static int[]? ParseShape(string text)
    {
        var t = text.Trim();
        if (t.Length < 2 || t[0] != '(' || t[^1] != ')') return null;
        var parts = t[1..^1].Split(',');
        // "(16,)" splits into ["16", ""]: a trailing comma is allowed, an empty middle item is not.
        if (parts.Length > 1 && parts[^1].Trim().Length == 0) parts = parts[..^1];
        var dims = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i].Trim();
            // TensorFlow may print dimensions with an L suffix in old Python 2 dumps.
            if (p.EndsWith('L')) p = p[..^1];
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] <= 0) return null;
        }
        return dims;
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
