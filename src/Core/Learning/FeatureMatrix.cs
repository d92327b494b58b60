namespace WeightSpace.Core.Learning;

/// <summary>
/// A dense row-major matrix of features in double precision (n samples x F features) with one
/// name per column. The common currency of feature extractors and the learners.
/// </summary>
public sealed class FeatureMatrix
{
    /// <param name="data">Row-major values; kept, not copied.</param>
    public FeatureMatrix(double[] data, int rows, int columns, IReadOnlyList<string>? names = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"feature matrix of {rows} x {columns} needs {(long)rows * columns} values, got {data.Length}", nameof(data));
        names ??= Enumerable.Range(0, columns).Select(j => $"x{j}").ToArray();
        if (names.Count != columns)
            throw new ArgumentException($"{names.Count} feature names for {columns} columns", nameof(names));
        Data = data;
        Rows = rows;
        Columns = columns;
        Names = names;
    }

    public double[] Data { get; }
    public int Rows { get; }
    public int Columns { get; }
    public IReadOnlyList<string> Names { get; }

    public double this[int row, int column] => Data[(long)row * Columns + column];

    public ReadOnlySpan<double> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Raw weights as features (n x P, names <c>w0..w{P-1}</c>), widened to double.</summary>
    public static FeatureMatrix FromFloatRows(ReadOnlySpan<float> rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (rows.Length % columns != 0)
            throw new ArgumentException($"{rows.Length} values are not a whole number of rows of {columns}", nameof(rows));
        var data = new double[rows.Length];
        for (var i = 0; i < data.Length; i++) data[i] = rows[i];
        return new FeatureMatrix(data, rows.Length / columns, columns, Enumerable.Range(0, columns).Select(j => $"w{j}").ToArray());
    }

    /// <summary>The given rows, in the given order (e.g. one split of the samples).</summary>
    public FeatureMatrix SelectRows(IReadOnlyList<int> rowIndices)
    {
        var data = new double[(long)rowIndices.Count * Columns];
        for (var i = 0; i < rowIndices.Count; i++)
        {
            var r = rowIndices[i];
            if ((uint)r >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rowIndices), $"row {r} is outside [0, {Rows})");
            Row(r).CopyTo(data.AsSpan(i * Columns, Columns));
        }
        return new FeatureMatrix(data, rowIndices.Count, Columns, Names);
    }

    /// <summary>The given columns, in the given order, with their names.</summary>
    public FeatureMatrix SelectColumns(IReadOnlyList<int> columnIndices)
    {
        var data = new double[(long)Rows * columnIndices.Count];
        for (var r = 0; r < Rows; r++)
            for (var c = 0; c < columnIndices.Count; c++)
                data[(long)r * columnIndices.Count + c] = this[r, columnIndices[c]];
        return new FeatureMatrix(data, Rows, columnIndices.Count, columnIndices.Select(c => Names[c]).ToArray());
    }

    /// <summary>The columns whose name passes <paramref name="keep"/>.</summary>
    public FeatureMatrix SelectColumns(Func<string, bool> keep) =>
        SelectColumns(Enumerable.Range(0, Columns).Where(c => keep(Names[c])).ToArray());

    /// <summary>Side-by-side concatenation of matrices with the same number of rows.</summary>
    public static FeatureMatrix ConcatColumns(params IReadOnlyList<FeatureMatrix> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(parts));
        var rows = parts[0].Rows;
        if (parts.Any(p => p.Rows != rows))
            throw new ArgumentException($"cannot concatenate matrices with {string.Join(", ", parts.Select(p => p.Rows))} rows");
        var columns = parts.Sum(p => p.Columns);
        var data = new double[(long)rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var offset = r * columns;
            foreach (var p in parts)
            {
                p.Row(r).CopyTo(data.AsSpan(offset, p.Columns));
                offset += p.Columns;
            }
        }
        return new FeatureMatrix(data, rows, columns, parts.SelectMany(p => p.Names).ToArray());
    }
}
