
namespace WeightSpace.Core.Learning;

/// <summary>
/// Per-column standardisation z = (x - mean) / std, fitted on training features (population std).
/// A constant column gets scale 1, so it maps to 0 on the training set instead of dividing by zero.
/// </summary>
public sealed class Standardizer
{
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly bool[] _constant;

    private Standardizer(double[] means, double[] scales, bool[] constant)
    {
        _means = means;
        _scales = scales;
        _constant = constant;
    }

    public IReadOnlyList<double> Means => _means;
    public IReadOnlyList<double> Scales => _scales;
    public int Columns => _means.Length;

    /// <summary>True if the column had no spread on the training set.</summary>
    public bool IsConstant(int column) => _constant[column];

    /// <exception cref="ArgumentException">a feature is NaN or infinite (names the column and row).</exception>
    public static Standardizer Fit(FeatureMatrix x)
    {
        if (x.Rows == 0) throw new ArgumentException("cannot fit a standardizer on zero rows", nameof(x));
        var p = x.Columns;
        var means = new double[p];
        var scales = new double[p];
        var constant = new bool[p];
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (var j = 0; j < p; j++)
            {
                if (!double.IsFinite(row[j]))
                    throw new ArgumentException($"feature '{x.Names[j]}' (column {j}) is {row[j]} at row {r}", nameof(x));
                means[j] += row[j];
            }
        }
        for (var j = 0; j < p; j++) means[j] /= x.Rows;
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (var j = 0; j < p; j++)
            {
                var d = row[j] - means[j];
                scales[j] += d * d;
            }
        }
        for (var j = 0; j < p; j++)
        {
            var std = Math.Sqrt(scales[j] / x.Rows);
            // Relative threshold: a column that differs only by rounding noise is constant too.
            constant[j] = !(std > 1e-12 * Math.Max(1, Math.Abs(means[j])));
            scales[j] = constant[j] ? 1 : std;
        }
        return new Standardizer(means, scales, constant);
    }

    public void TransformRow(ReadOnlySpan<double> row, Span<double> output)
    {
        if (row.Length != Columns) throw new ArgumentException($"expected {Columns} features, got {row.Length}", nameof(row));
        for (var j = 0; j < row.Length; j++) output[j] = (row[j] - _means[j]) / _scales[j];
    }

    public FeatureMatrix Transform(FeatureMatrix x)
    {
        if (x.Columns != Columns) throw new ArgumentException($"standardizer was fitted on {Columns} features, got {x.Columns}", nameof(x));
        var data = new double[x.Data.Length];
        for (var r = 0; r < x.Rows; r++) TransformRow(x.Row(r), data.AsSpan(r * Columns, Columns));
        return new FeatureMatrix(data, x.Rows, x.Columns, x.Names);
    }
}
