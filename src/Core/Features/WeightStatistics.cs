using System.Collections.Concurrent;
using System.Numerics;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Features;

/// <summary>
/// Summary statistics of weight groups (thesis §4.3.2): for each group of one or more scopes, each
/// statistic of a <see cref="StatisticSet"/>, giving one feature row per checkpoint. Statistics are
/// computed in double precision: population variance (ddof = 0), percentiles with numpy's default
/// linear interpolation. Features are ordered scope by scope, group-major within a scope: all
/// statistics of the first group, then the next.
/// </summary>
public sealed class WeightStatistics
{
    private readonly Group[] _groups;
    private readonly int _maxGroupLength;
    /// <summary>
    /// The groups split into layers of disjoint groups (e.g. one scope each): one pass over a
    /// checkpoint's sorted weights hands every group its own sorted values. A layer of one group
    /// of every weight is a copy (its offset here); the others map each weight to its group.
    /// </summary>
    private readonly int[] _wholeOffsets;
    private readonly int[][] _scatteredLayers;
    private readonly int[] _scatteredGroups;
    private readonly int _sortedLength;

    public WeightStatistics(WeightLayout layout, StatisticSet statistics, StatisticScope scope) : this(layout, statistics, [scope]) { }

    /// <summary>The statistics of several scopes at once, features in the order of <paramref name="scopes"/>:
    /// each checkpoint is sorted once for all of them.</summary>
    public WeightStatistics(WeightLayout layout, StatisticSet statistics, IReadOnlyList<StatisticScope> scopes)
    {
        if (scopes.Count == 0) throw new ArgumentException("at least one statistic scope is needed", nameof(scopes));
        Layout = layout;
        Statistics = statistics;
        var groups = new List<Group>();
        var offset = 0;
        foreach (var (name, indices) in scopes.SelectMany(s => GroupsOf(layout, s)))
        {
            groups.Add(new Group(name, indices, offset));
            offset += indices.Length;
        }
        _groups = [.. groups];
        _sortedLength = offset;
        _maxGroupLength = _groups.Max(g => g.Indices.Length);
        var layers = PartitionLayer.Split(_groups, layout.ParameterCount);
        bool IsWhole(PartitionLayer l) => l.Groups.Length == 1 && _groups[l.Groups[0]].Indices.Length == layout.ParameterCount;
        _wholeOffsets = layers.Where(IsWhole).Select(l => _groups[l.Groups[0]].Offset).ToArray();
        _scatteredLayers = layers.Where(l => !IsWhole(l)).Select(l => l.GroupOf).ToArray();
        _scatteredGroups = layers.Where(l => !IsWhole(l)).SelectMany(l => l.Groups).ToArray();
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
    /// FeatureCount) of a row-major buffer with <paramref name="stride"/> columns: a large zoo's
    /// statistics fill one reused buffer and allocate nothing per batch.
    /// </summary>
    public void ComputeInto(ReadOnlyMemory<float> rows, double[] output, int stride, int offset)
    {
        var n = RowCount(rows.Length);
        var f = FeatureCount;
        if (offset < 0 || offset + f > stride || (long)n * stride > output.Length)
            throw new ArgumentException($"{n} rows of {f} features at column {offset} do not fit a buffer of {output.Length} values with {stride} columns");
        // Parallel.For asks for a workspace per task it starts (dozens per batch); the pool hands
        // back the ones earlier batches made, so a large zoo allocates no scratch per batch.
        var blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, RentWorkspace, (b, _, workspace) =>
        {
            var p = Layout.ParameterCount;
            var first = b * Block;
            var count = Math.Min(Block, n - first);
            ComputeBlock(rows.Span.Slice(first * p, count * p), output.AsSpan(first * stride + offset), stride, count, workspace);
            return workspace;
        }, _workspaces.Add);
    }

    /// <summary>
    /// Rows whose moments are summed side by side. A group's sum is a chain of dependent double
    /// additions in the group's order (its bits depend on that order); one row's chain waits on
    /// the adder's latency, four independent chains keep it busy. Each row's sum is still added in
    /// its own order, so the features are the bits a row alone gives.
    /// </summary>
    private const int Block = 4;

    /// <summary>Features of <paramref name="count"/> (at most <see cref="Block"/>) consecutive checkpoints; row r's go to output[r * stride ..].</summary>
    private void ComputeBlock(ReadOnlySpan<float> rows, Span<double> output, int stride, int count, Workspace workspace)
    {
        var p = Layout.ParameterCount;
        var f = FeatureCount;
        if (count < Block)
        {
            for (var r = 0; r < count; r++) ComputeRow(rows.Slice(r * p, p), output.Slice(r * stride, f), workspace);
            return;
        }
        var set = Statistics;
        var statistics = set.Count;
        Span<bool> sortedOnce = stackalloc bool[Block];
        for (var r = 0; r < Block; r++)
            sortedOnce[r] = set.NeedsSort && SortGroupsOnce(rows.Slice(r * p, p), workspace, workspace.Sorted[r]);
        Span<Moments> moments = stackalloc Moments[Block];
        for (var g = 0; g < _groups.Length; g++)
        {
            var indices = _groups[g].Indices;
            Moments.OfBlock(rows, p, indices, set.NeedsHigherMoments, moments);
            for (var r = 0; r < Block; r++)
            {
                ReadOnlySpan<float> sorted = [];
                if (sortedOnce[r]) sorted = workspace.Sorted[r].AsSpan(_groups[g].Offset, indices.Length);
                else if (set.NeedsSort)
                {
                    // The framework's order of NaN and ±0 (rare rows), as ComputeRow does.
                    var values = workspace.Values.AsSpan(0, indices.Length);
                    var weights = rows.Slice(r * p, p);
                    for (var k = 0; k < indices.Length; k++) values[k] = weights[indices[k]];
                    values.Sort();
                    sorted = values;
                }
                Finish(set, moments[r], sorted, output.Slice(r * stride + g * statistics, statistics));
            }
        }
    }

    /// <summary>Workspaces free for the next task; as many as ran at once, at most.</summary>
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    private Workspace RentWorkspace() => _workspaces.TryTake(out var workspace) ? workspace : NewWorkspace();

    /// <summary>Features of a batch of checkpoints, sequentially (for spans that cannot cross threads).</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> rows)
    {
        var n = RowCount(rows.Length);
        var f = FeatureCount;
        var p = Layout.ParameterCount;
        var output = new double[(long)n * f];
        var workspace = NewWorkspace();
        for (var first = 0; first < n; first += Block)
        {
            var count = Math.Min(Block, n - first);
            ComputeBlock(rows.Slice(first * p, count * p), output.AsSpan(first * f), f, count, workspace);
        }
        return new FeatureMatrix(output, n, f, FeatureNames);
    }

    private Workspace NewWorkspace() => new(Layout.ParameterCount, _maxGroupLength, _sortedLength);

    /// <summary>Per-thread scratch, sized once.</summary>
    private sealed class Workspace(int parameters, int maxGroupLength, int sortedLength)
    {
        /// <summary>The checkpoint's (float-order key, index) pairs and the radix sort's other buffer.</summary>
        public readonly ulong[] Pairs = new ulong[parameters], PairScratch = new ulong[parameters];
        /// <summary>Per row of a block: every group's values in ascending order, group g at its offset.</summary>
        public readonly float[][] Sorted = Enumerable.Range(0, Block).Select(_ => new float[sortedLength]).ToArray();
        public readonly int[] Cursors = new int[sortedLength];
        public readonly int[] Counts = new int[FloatSort.CountsLength];
        /// <summary>One group's values gathered in its order (and, for a checkpoint holding NaN or -0, sorted alone).</summary>
        public readonly float[] Values = new float[maxGroupLength];
    }

    /// <summary>Features of one checkpoint into <paramref name="features"/> (length <see cref="FeatureCount"/>), without allocating.</summary>
    private void ComputeRow(ReadOnlySpan<float> weights, Span<double> features, Workspace workspace)
    {
        if (weights.Length != Layout.ParameterCount)
            throw new ArgumentException($"a checkpoint of this layout has {Layout.ParameterCount} weights, got {weights.Length}", nameof(weights));
        if (features.Length != FeatureCount)
            throw new ArgumentException($"expected room for {FeatureCount} features, got {features.Length}", nameof(features));
        var set = Statistics;
        var count = set.Count;
        // One sort of the whole checkpoint serves every group; NaN and -0 (whose order only the
        // framework's sort defines) send the checkpoint down the group-by-group path.
        var sortedOnce = set.NeedsSort && SortGroupsOnce(weights, workspace, workspace.Sorted[0]);
        for (var g = 0; g < _groups.Length; g++)
        {
            var indices = _groups[g].Indices;
            // The moments sum in the group's own order (float sums depend on it).
            var values = workspace.Values.AsSpan(0, indices.Length);
            for (var k = 0; k < indices.Length; k++) values[k] = weights[indices[k]];
            var moments = Moments.Of<float>(values, set.NeedsHigherMoments);
            if (sortedOnce) values = workspace.Sorted[0].AsSpan(_groups[g].Offset, indices.Length);
            else if (set.NeedsSort) values.Sort(); // the framework's order of NaN and ±0 (rare rows)
            Finish<float>(set, moments, values, features.Slice(g * count, count));
        }
    }

    /// <summary>
    /// Radix-sorts the checkpoint's weights once, with their indices, then walks that order once per
    /// partition layer, appending each weight to its group's slice of <paramref name="sorted"/>:
    /// every group ends up sorted, in the same bits a sort of the group alone gives. False (nothing
    /// done) when the checkpoint holds NaN or -0.
    /// </summary>
    private bool SortGroupsOnce(ReadOnlySpan<float> weights, Workspace workspace, float[] sorted)
    {
        if (!FloatSort.SortWithIndices(weights, workspace.Pairs, workspace.PairScratch, workspace.Counts, out var pairs)) return false;
        var cursors = workspace.Cursors;
        foreach (var g in _scatteredGroups) cursors[g] = _groups[g].Offset;
        var wholes = _wholeOffsets;
        var scattered = _scatteredLayers;
        // One walk of the sorted order serves every layer (the weight's value made once).
        for (var j = 0; j < pairs.Length; j++)
        {
            var pair = pairs[j];
            var value = FloatSort.ValueOf(pair);
            // A group of every weight (the global scope) is the sorted checkpoint itself.
            foreach (var offset in wholes) sorted[offset + j] = value;
            var index = (int)(uint)pair;
            foreach (var groupOf in scattered)
            {
                var g = groupOf[index];
                if (g >= 0) sorted[cursors[g]++] = value;
            }
        }
        return true;
    }

    /// <summary>
    /// Writes each statistic of <paramref name="set"/> for <paramref name="values"/> into
    /// <paramref name="output"/>. Sorts <paramref name="values"/> in place when percentiles are asked.
    /// </summary>
    public static void Summarise(Span<double> values, StatisticSet set, Span<double> output)
    {
        if (values.Length == 0) throw new ArgumentException("cannot summarise an empty group", nameof(values));
        var moments = Moments.Of<double>(values, set.NeedsHigherMoments);
        if (set.NeedsSort) values.Sort();
        Finish(set, moments, (ReadOnlySpan<double>)values, output);
    }

    /// <summary>The statistics from a group's moments and (when percentiles are asked) its sorted values, float or double.</summary>
    private static void Finish<T>(StatisticSet set, Moments moments, ReadOnlySpan<T> sorted, Span<double> output) where T : unmanaged, INumberBase<T>
    {
        var stats = set.Statistics;
        var (mean, m2, m3, m4) = moments;
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
                _ => PercentileOfSorted(sorted, stats[s].Q),
            };
        }
    }

    /// <summary>
    /// The q-th percentile (q in [0, 100]) of sorted values, numpy's default 'linear' method:
    /// virtual index q/100*(n-1), interpolated between its sorted neighbours.
    /// </summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double q) => PercentileOfSorted<double>(sorted, q);

    /// <summary>The percentile of sorted floats or doubles, in double arithmetic either way.</summary>
    private static double PercentileOfSorted<T>(ReadOnlySpan<T> sorted, double q) where T : unmanaged, INumberBase<T>
    {
        var n = sorted.Length;
        var index = q / 100.0 * (n - 1);
        var lo = (int)Math.Floor(index);
        if (lo >= n - 1) return double.CreateTruncating(sorted[n - 1]);
        if (lo < 0) return double.CreateTruncating(sorted[0]);
        var t = index - lo;
        double a = double.CreateTruncating(sorted[lo]), b = double.CreateTruncating(sorted[lo + 1]);
        if (a == b) return a;
        var diff = b - a;
        // numpy's _lerp: interpolate from the nearer neighbour so that t = 1 gives b exactly.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>A group's mean and central moments about it (population: divided by n).</summary>
    private readonly record struct Moments(double Mean, double M2, double M3, double M4)
    {
        /// <summary>Two passes over the values in their order, in double: the mean, then centred
        /// moments (stable for small spreads). M3 and M4 only when <paramref name="higher"/>.</summary>
        public static Moments Of<T>(ReadOnlySpan<T> values, bool higher) where T : unmanaged, INumberBase<T>
        {
            var n = values.Length;
            var sum = 0.0;
            foreach (var v in values) sum += double.CreateTruncating(v);
            var mean = sum / n;
            double m2 = 0, m3 = 0, m4 = 0;
            if (higher)
            {
                foreach (var v in values)
                {
                    var d = double.CreateTruncating(v) - mean;
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
                    var d = double.CreateTruncating(v) - mean;
                    m2 += d * d;
                }
            }
            return new Moments(mean, m2 / n, m3 / n, m4 / n);
        }

        /// <summary>
        /// The moments of one group in each of <see cref="Block"/> consecutive rows of
        /// <paramref name="p"/> floats, with exactly the operations <see cref="Of{T}"/> does on the
        /// group's values in order, row by row: only the independent chains are interleaved.
        /// </summary>
        public static void OfBlock(ReadOnlySpan<float> rows, int p, int[] indices, bool higher, Span<Moments> result)
        {
            var w0 = rows[..p];
            var w1 = rows.Slice(p, p);
            var w2 = rows.Slice(2 * p, p);
            var w3 = rows.Slice(3 * p, p);
            var n = indices.Length;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            foreach (var i in indices)
            {
                s0 += w0[i];
                s1 += w1[i];
                s2 += w2[i];
                s3 += w3[i];
            }
            double mean0 = s0 / n, mean1 = s1 / n, mean2 = s2 / n, mean3 = s3 / n;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            if (higher)
            {
                double b0 = 0, b1 = 0, b2 = 0, b3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                foreach (var i in indices)
                {
                    double d0 = w0[i] - mean0, d1 = w1[i] - mean1, d2 = w2[i] - mean2, d3 = w3[i] - mean3;
                    double e0 = d0 * d0, e1 = d1 * d1, e2 = d2 * d2, e3 = d3 * d3;
                    a0 += e0; a1 += e1; a2 += e2; a3 += e3;
                    b0 += e0 * d0; b1 += e1 * d1; b2 += e2 * d2; b3 += e3 * d3;
                    c0 += e0 * e0; c1 += e1 * e1; c2 += e2 * e2; c3 += e3 * e3;
                }
                result[0] = new Moments(mean0, a0 / n, b0 / n, c0 / n);
                result[1] = new Moments(mean1, a1 / n, b1 / n, c1 / n);
                result[2] = new Moments(mean2, a2 / n, b2 / n, c2 / n);
                result[3] = new Moments(mean3, a3 / n, b3 / n, c3 / n);
                return;
            }
            foreach (var i in indices)
            {
                double d0 = w0[i] - mean0, d1 = w1[i] - mean1, d2 = w2[i] - mean2, d3 = w3[i] - mean3;
                a0 += d0 * d0;
                a1 += d1 * d1;
                a2 += d2 * d2;
                a3 += d3 * d3;
            }
            const double zero = 0;
            result[0] = new Moments(mean0, a0 / n, zero / n, zero / n);
            result[1] = new Moments(mean1, a1 / n, zero / n, zero / n);
            result[2] = new Moments(mean2, a2 / n, zero / n, zero / n);
            result[3] = new Moments(mean3, a3 / n, zero / n, zero / n);
        }
    }

    /// <summary>A group of weights: its feature name, its indices in a checkpoint, and where its sorted values go in the workspace.</summary>
    private sealed record Group(string Name, int[] Indices, int Offset);

    /// <summary>Groups no two of which share a weight, and for each weight its group (or -1).</summary>
    private sealed record PartitionLayer(int[] Groups, int[] GroupOf)
    {
        /// <summary>Puts each group in the first layer where none of its weights is taken yet (a scope's groups are disjoint, so a scope fills one layer).</summary>
        public static PartitionLayer[] Split(IReadOnlyList<Group> groups, int parameters)
        {
            var layers = new List<(List<int> Groups, int[] GroupOf)>();
            for (var g = 0; g < groups.Count; g++)
            {
                var indices = groups[g].Indices;
                var layer = layers.FirstOrDefault(l => indices.All(i => l.GroupOf[i] < 0));
                if (layer.GroupOf is null)
                {
                    layer = ([], new int[parameters]);
                    Array.Fill(layer.GroupOf, -1);
                    layers.Add(layer);
                }
                layer.Groups.Add(g);
                foreach (var i in indices) layer.GroupOf[i] = g;
            }
            return layers.Select(l => new PartitionLayer([.. l.Groups], l.GroupOf)).ToArray();
        }
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
