using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Features;

/// <summary>
/// Summary statistics of weight groups (thesis §4.3.2): for each group of a scope, each statistic
/// of a <see cref="StatisticSet"/>, giving one feature row per checkpoint. Statistics are computed
/// in double precision: population variance (ddof = 0), percentiles with numpy's default linear
/// interpolation. Features are ordered group-major: all statistics of the first group, then the next.
/// </summary>
public sealed class WeightStatistics
{
    private readonly (string Name, int[] Indices)[] _groups;
    private readonly int _maxGroupLength;

    public WeightStatistics(WeightLayout layout, StatisticSet statistics, StatisticScope scope)
    {
        Layout = layout;
        Statistics = statistics;
        _groups = GroupsOf(layout, scope).ToArray();
        _maxGroupLength = _groups.Max(g => g.Indices.Length);
        FeatureNames = _groups.SelectMany(g => statistics.Names.Select(s => $"{g.Name}:{s}")).ToArray();
    }

    public WeightLayout Layout { get; }
    public StatisticSet Statistics { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public int FeatureCount => FeatureNames.Count;

    /// <summary>
    /// Features of a batch of checkpoints, rows in parallel. Each row is independent, so the result
    /// does not depend on scheduling.
    /// </summary>
    /// <param name="rows">n x P flat weights, row-major (P = the layout's parameter count).</param>
    public FeatureMatrix Compute(ReadOnlyMemory<float> rows)
    {
        var n = RowCount(rows.Length);
        if (n < 64) return Compute(rows.Span);
        var output = new double[(long)n * FeatureCount];
        ComputeInto(rows, output, FeatureCount, 0);
        return new FeatureMatrix(output, n, FeatureCount, FeatureNames);
    }

    /// <summary>
    /// Features of a batch of checkpoints, rows in parallel, into columns [offset, offset +
    /// FeatureCount) of a row-major buffer with <paramref name="stride"/> columns: several scopes
    /// fill one reused buffer, so a large zoo's statistics allocate nothing per batch.
    /// </summary>
    public void ComputeInto(ReadOnlyMemory<float> rows, double[] output, int stride, int offset)
    {
        var n = RowCount(rows.Length);
        var f = FeatureCount;
        if (offset < 0 || offset + f > stride || (long)n * stride > output.Length)
            throw new ArgumentException($"{n} rows of {f} features at column {offset} do not fit a buffer of {output.Length} values with {stride} columns");
        Parallel.For(0, n, () => new Workspace(_maxGroupLength), (i, _, workspace) =>
        {
            var p = Layout.ParameterCount;
            ComputeRow(rows.Span.Slice(i * p, p), output.AsSpan(i * stride + offset, f), workspace);
            return workspace;
        }, _ => { });
    }

    /// <summary>Features of a batch of checkpoints, sequentially (for spans that cannot cross threads).</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> rows)
    {
        var n = RowCount(rows.Length);
        var f = FeatureCount;
        var p = Layout.ParameterCount;
        var output = new double[(long)n * f];
        var workspace = new Workspace(_maxGroupLength);
        for (var i = 0; i < n; i++) ComputeRow(rows.Slice(i * p, p), output.AsSpan(i * f, f), workspace);
        return new FeatureMatrix(output, n, f, FeatureNames);
    }

    /// <summary>Per-thread scratch: the gathered group as floats and the radix sort's buffers.</summary>
    private sealed class Workspace(int maxGroupLength)
    {
        public readonly float[] Values = new float[maxGroupLength];
        public readonly uint[] Scratch = new uint[maxGroupLength];
        public readonly int[] Counts = new int[FloatSort.CountsLength];
    }

    /// <summary>Features of one checkpoint into <paramref name="features"/> (length <see cref="FeatureCount"/>), without allocating.</summary>
    private void ComputeRow(ReadOnlySpan<float> weights, Span<double> features, Workspace workspace)
    {
        if (weights.Length != Layout.ParameterCount)
            throw new ArgumentException($"a checkpoint of this layout has {Layout.ParameterCount} weights, got {weights.Length}", nameof(weights));
        if (features.Length != FeatureCount)
            throw new ArgumentException($"expected room for {FeatureCount} features, got {features.Length}", nameof(features));
        var stats = Statistics.Statistics;
        for (var g = 0; g < _groups.Length; g++)
        {
            var indices = _groups[g].Indices;
            var values = workspace.Values.AsSpan(0, indices.Length);
            for (var k = 0; k < indices.Length; k++) values[k] = weights[indices[k]];
            Summarise(values, Statistics, features.Slice(g * stats.Count, stats.Count), workspace);
        }
    }

    /// <summary>
    /// <see cref="Summarise(Span{double}, StatisticSet, Span{double})"/> on the weights as stored
    /// (float): the same double arithmetic in the same order, so the same bits, but the sort runs
    /// on 4-byte keys (a radix sort for long groups), the cost that dominates a CNN's statistics.
    /// </summary>
    private static void Summarise(Span<float> values, StatisticSet set, Span<double> output, Workspace workspace)
    {
        var n = values.Length;
        var sum = 0.0;
        foreach (double v in values) sum += v;
        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        if (set.NeedsHigherMoments)
        {
            foreach (double v in values)
            {
                var d = v - mean;
                var d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
        }
        else
        {
            foreach (double v in values)
            {
                var d = v - mean;
                m2 += d * d;
            }
        }
        m2 /= n; m3 /= n; m4 /= n;

        if (set.NeedsSort) FloatSort.Sort(values, workspace.Scratch, workspace.Counts);
        Finish(set, mean, m2, m3, m4, values, output);
    }

    private static void Finish(StatisticSet set, double mean, double m2, double m3, double m4, ReadOnlySpan<float> sorted, Span<double> output)
    {
        var stats = set.Statistics;
        for (var s = 0; s < stats.Count; s++)
        {
            output[s] = stats[s].Kind switch
            {
                StatisticKind.Mean => mean,
                StatisticKind.Var => m2,
                StatisticKind.Std => Math.Sqrt(m2),
                StatisticKind.Skew => m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0,
                StatisticKind.Kurtosis => m2 > 0 ? m4 / (m2 * m2) - 3 : 0,
                _ => PercentileOfSorted(sorted, stats[s].Q),
            };
        }
    }

    /// <summary><see cref="PercentileOfSorted(ReadOnlySpan{double}, double)"/> on sorted floats, in double.</summary>
    private static double PercentileOfSorted(ReadOnlySpan<float> sorted, double q)
    {
        var n = sorted.Length;
        var index = q / 100.0 * (n - 1);
        var lo = (int)Math.Floor(index);
        if (lo >= n - 1) return sorted[n - 1];
        if (lo < 0) return sorted[0];
        var t = index - lo;
        double a = sorted[lo], b = sorted[lo + 1];
        if (a == b) return a;
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>
    /// Writes each statistic of <paramref name="set"/> for <paramref name="values"/> into
    /// <paramref name="output"/>. Sorts <paramref name="values"/> in place when percentiles are asked.
    /// </summary>
    public static void Summarise(Span<double> values, StatisticSet set, Span<double> output)
    {
        var n = values.Length;
        if (n == 0) throw new ArgumentException("cannot summarise an empty group", nameof(values));

        // Two passes over the values: the mean, then centred moments (stable for small spreads).
        var sum = 0.0;
        foreach (var v in values) sum += v;
        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        if (set.NeedsHigherMoments)
        {
            foreach (var v in values)
            {
                var d = v - mean;
                var d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
        }
        else
        {
            foreach (var v in values)
            {
                var d = v - mean;
                m2 += d * d;
            }
        }
        m2 /= n; m3 /= n; m4 /= n;

        if (set.NeedsSort) values.Sort();

        var stats = set.Statistics;
        for (var s = 0; s < stats.Count; s++)
        {
            output[s] = stats[s].Kind switch
            {
                StatisticKind.Mean => mean,
                StatisticKind.Var => m2,
                StatisticKind.Std => Math.Sqrt(m2),
                // A constant group has no shape; 0 keeps the feature finite (scipy would give nan).
                StatisticKind.Skew => m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0,
                StatisticKind.Kurtosis => m2 > 0 ? m4 / (m2 * m2) - 3 : 0,
                _ => PercentileOfSorted(values, stats[s].Q),
            };
        }
    }

    /// <summary>
    /// The q-th percentile (q in [0, 100]) of sorted values, numpy's default 'linear' method:
    /// virtual index q/100*(n-1), interpolated between its sorted neighbours.
    /// </summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        var index = q / 100.0 * (n - 1);
        var lo = (int)Math.Floor(index);
        if (lo >= n - 1) return sorted[n - 1];
        if (lo < 0) return sorted[0];
        var t = index - lo;
        double a = sorted[lo], b = sorted[lo + 1];
        if (a == b) return a;
        var diff = b - a;
        // numpy's _lerp: interpolate from the nearer neighbour so that t = 1 gives b exactly.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private int RowCount(int length)
    {
        var p = Layout.ParameterCount;
        if (length % p != 0)
            throw new ArgumentException($"{length} weights are not a whole number of checkpoints of {p} weights");
        return length / p;
    }

    private static IEnumerable<(string, int[])> GroupsOf(WeightLayout layout, StatisticScope scope)
    {
        static int[] Range(LayoutEntry e) => Enumerable.Range(e.Start, e.Size).ToArray();
        switch (scope)
        {
            case StatisticScope.Global:
                yield return ("global", Enumerable.Range(0, layout.ParameterCount).ToArray());
                break;
            case StatisticScope.Layer:
                foreach (var l in layout.Layers)
                    yield return ($"layer{l.Index}", l.Bias is null ? Range(l.Kernel) : [.. Range(l.Kernel), .. Range(l.Bias)]);
                break;
            case StatisticScope.LayerKernelBias:
                foreach (var l in layout.Layers)
                {
                    yield return ($"layer{l.Index}.kernel", Range(l.Kernel));
                    if (l.Bias is not null) yield return ($"layer{l.Index}.bias", Range(l.Bias));
                }
                break;
            case StatisticScope.NeuronGroup:
                for (var k = 0; k < layout.NeuronGroups.Count; k++) yield return ($"ng{k}", layout.NeuronGroups[k].Indices);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scope), scope, "unknown statistic scope");
        }
    }
}
