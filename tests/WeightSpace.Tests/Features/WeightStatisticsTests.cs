using WeightSpace.Core.Features;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Features;

public sealed class WeightStatisticsTests
{
    private static double[] Summarise(double[] values, string statistics)
    {
        var set = StatisticSet.Parse(statistics);
        var output = new double[set.Count];
        WeightStatistics.Summarise((double[])values.Clone(), set, output);
        return output;
    }

    [Fact]
    public void Percentiles_interpolate_linearly_like_numpy()
    {
        var r = Summarise([4, 1, 3, 2], "p0,p10,p25,p50,p75,p100");
        AssertClose.All([1, 1.3, 1.75, 2.5, 3.25, 4], r, 1e-12);
    }

    [Fact]
    public void Every_statistic_matches_hand_computed_values()
    {
        // Deviations from the mean 5: -3 -1 -1 -1 0 0 2 4 -> m2 = 4, m3 = 5.25, m4 = 44.5.
        var r = Summarise([2, 4, 4, 4, 5, 5, 7, 9], "mean,var,std,skew,kurtosis,p25,p50,p75,p90");
        AssertClose.All([5, 4, 2, 5.25 / 8, 44.5 / 16 - 3, 4, 4.5, 5.5, 7.6], r, 1e-12);
    }

    [Fact]
    public void A_constant_group_has_zero_spread_and_shape()
    {
        AssertClose.All([3, 0, 0, 0, 3], Summarise([3, 3, 3], "mean,std,skew,kurtosis,p50"), 1e-15);
    }

    [Fact]
    public void The_default_set_is_the_thesis_set()
    {
        Assert.Equal(["mean", "var", "p0", "p25", "p50", "p75", "p100"], StatisticSet.Default.Names);
    }

    [Theory]
    [InlineData("mean,median", "median")]
    [InlineData("p101", "p101")]
    [InlineData("mean, pfoo", "pfoo")]
    public void Rejects_an_unknown_statistic_naming_it(string text, string bad)
    {
        var e = Assert.Throws<FormatException>(() => StatisticSet.Parse(text));
        Assert.Contains($"'{bad}'", e.Message);
    }

    [Fact]
    public void Rejects_a_statistic_listed_twice()
    {
        var e = Assert.Throws<FormatException>(() => StatisticSet.Parse("mean,p50,Mean"));
        Assert.Contains("Mean", e.Message);
    }

    /// <summary>Tetris layout; the j-th weight of neuron group k holds 100 k + j.</summary>
    private static (WeightLayout Layout, float[] Weights) TetrisWithGroupValues()
    {
        var layout = WeightLayout.Fcn([16, 5, 4], biases: false);
        var w = new float[layout.ParameterCount];
        for (var k = 0; k < layout.NeuronGroups.Count; k++)
        {
            var indices = layout.NeuronGroups[k].Indices;
            for (var j = 0; j < indices.Length; j++) w[indices[j]] = 100 * k + j;
        }
        return (layout, w);
    }

    [Fact]
    public void Neuron_group_scope_summarises_each_neurons_incoming_weights()
    {
        var (layout, w) = TetrisWithGroupValues();
        var stats = new WeightStatistics(layout, StatisticSet.Parse("mean,p0,p100"), StatisticScope.NeuronGroup);
        var f = stats.Compute(w.AsSpan());

        Assert.Equal(9 * 3, f.Columns);
        for (var k = 0; k < 9; k++)
        {
            var len = k < 5 ? 16 : 5;
            Assert.Equal($"ng{k}:mean", f.Names[3 * k]);
            Assert.Equal(100 * k + (len - 1) / 2.0, f[0, 3 * k], 1e-9);
            Assert.Equal(100 * k, f[0, 3 * k + 1]);
            Assert.Equal(100 * k + len - 1, f[0, 3 * k + 2]);
        }
    }

    [Fact]
    public void Layer_and_global_scopes_summarise_the_right_weights()
    {
        var (layout, w) = TetrisWithGroupValues();
        var set = StatisticSet.Parse("mean,p0,p100");
        var layer = new WeightStatistics(layout, set, StatisticScope.Layer).Compute(w.AsSpan());
        var global = new WeightStatistics(layout, set, StatisticScope.Global).Compute(w.AsSpan());

        Assert.Equal(["layer0:mean", "layer0:p0", "layer0:p100", "layer1:mean", "layer1:p0", "layer1:p100"], layer.Names);
        AssertClose.All([207.5, 0, 415, 652, 500, 804], layer.Row(0).ToArray(), 1e-9);
        Assert.Equal(["global:mean", "global:p0", "global:p100"], global.Names);
        AssertClose.All([(80 * 207.5 + 20 * 652) / 100, 0, 804], global.Row(0).ToArray(), 1e-9);
    }

    [Fact]
    public void Layer_scope_includes_the_bias_and_kernel_bias_scope_separates_it()
    {
        // Fcn([3, 2], biases) = bias [0, 2) then kernel [2, 8).
        var layout = WeightLayout.Fcn([3, 2], biases: true);
        float[] w = [100, 200, 1, 2, 3, 4, 5, 6];
        var set = StatisticSet.Parse("mean,p100");
        var layer = new WeightStatistics(layout, set, StatisticScope.Layer).Compute(w.AsSpan());
        var split = new WeightStatistics(layout, set, StatisticScope.LayerKernelBias).Compute(w.AsSpan());

        AssertClose.All([321.0 / 8, 200], layer.Row(0).ToArray(), 1e-12);
        Assert.Equal(["layer0.kernel:mean", "layer0.kernel:p100", "layer0.bias:mean", "layer0.bias:p100"], split.Names);
        AssertClose.All([3.5, 6, 150, 200], split.Row(0).ToArray(), 1e-12);
    }

    [Fact]
    public void Parallel_batch_equals_row_by_row_computation()
    {
        var layout = WeightLayout.Fcn([16, 5, 4], biases: false);
        var rng = new Random(7);
        var rows = new float[300 * layout.ParameterCount];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)(rng.NextDouble() * 2 - 1);
        var stats = new WeightStatistics(layout, StatisticSet.Parse("mean,var,std,skew,kurtosis,p1,p50,p99"), StatisticScope.NeuronGroup);

        var parallel = stats.Compute(rows.AsMemory());
        var sequential = stats.Compute(rows.AsSpan());

        Assert.Equal(300, parallel.Rows);
        Assert.Equal(sequential.Data, parallel.Data);
    }

    [Fact]
    public void Rejects_a_batch_that_is_not_whole_checkpoints()
    {
        var stats = new WeightStatistics(WeightLayout.Fcn([16, 5, 4], false), StatisticSet.Default, StatisticScope.Global);
        var e = Assert.Throws<ArgumentException>(() => stats.Compute(new float[150].AsSpan()));
        Assert.Contains("100", e.Message);
    }

    [Fact]
    public void Parses_scope_names_and_rejects_unknown_ones()
    {
        Assert.Equal(StatisticScope.NeuronGroup, StatisticScopes.Parse("neuronGroup"));
        Assert.Equal(StatisticScope.Global, StatisticScopes.Parse(" GLOBAL "));
        Assert.Contains("'neurons'", Assert.Throws<FormatException>(() => StatisticScopes.Parse("neurons")).Message);
    }

    [Fact]
    public void Batched_statistics_of_a_CNN_give_the_same_bits_as_summarising_each_group_in_double()
    {
        // 4,970 weights: the global and layer groups take the radix sort, neuron groups the framework's.
        var layout = WeightSpace.Bench.SyntheticZoo.SmallCnnLayout();
        var p = layout.ParameterCount;
        var random = new Random(3);
        var rows = new float[70 * p];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)Math.Round(random.NextDouble() * 2 - 1, random.Next(2, 6)) * (i % 3 == 0 ? 1e-3f : 1f);
        rows[5 * p + 17] = float.NaN; // a row with NaN takes the framework's sort
        rows[6 * p + 4000] = float.PositiveInfinity;
        var set = StatisticSet.Parse("mean,var,skew,kurtosis,p0,p10,p25,p50,p75,p99,p100");
        foreach (var scope in new[] { StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup, StatisticScope.LayerKernelBias })
        {
            var calculator = new WeightStatistics(layout, set, scope);
            var batched = calculator.Compute(rows.AsMemory()); // >= 64 rows: the parallel path
            var groups = GroupIndices(layout, scope);
            for (var r = 0; r < 70; r++)
                for (var g = 0; g < groups.Count; g++)
                {
                    var values = groups[g].Select(k => (double)rows[r * p + k]).ToArray();
                    var expected = new double[set.Count];
                    WeightStatistics.Summarise(values, set, expected);
                    for (var s = 0; s < set.Count; s++)
                        Assert.True(BitConverter.DoubleToInt64Bits(expected[s]) == BitConverter.DoubleToInt64Bits(batched[r, g * set.Count + s]),
                            $"{scope} row {r} group {g} statistic {set.Statistics[s]}: {expected[s]:R} vs {batched[r, g * set.Count + s]:R}");
                }
        }
    }

    [Fact]
    public void Several_scopes_at_once_give_the_same_bits_as_each_scope_alone_including_rows_with_nan_and_negative_zero()
    {
        var layout = WeightSpace.Bench.SyntheticZoo.SmallCnnLayout();
        var p = layout.ParameterCount;
        var random = new Random(5);
        var rows = new float[80 * p];
        // Few distinct values, so groups hold many ties.
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)Math.Round(random.NextDouble() * 2 - 1, random.Next(1, 5));
        rows[3 * p + 11] = -0f;
        rows[3 * p + 12] = 0f;
        rows[9 * p + 4969] = float.NaN;
        rows[10 * p + 7] = float.NegativeInfinity;
        var set = StatisticSet.Parse("mean,var,std,skew,kurtosis,p0,p25,p50,p75,p100");
        StatisticScope[] scopes = [StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup, StatisticScope.LayerKernelBias];

        var together = new WeightStatistics(layout, set, scopes);
        var alone = scopes.Select(s => new WeightStatistics(layout, set, s)).ToArray();

        Assert.Equal(alone.SelectMany(a => a.FeatureNames), together.FeatureNames);
        var batched = together.Compute(rows.AsMemory());
        var sequential = together.Compute(rows.AsSpan());
        var expected = alone.Select(a => a.Compute(rows.AsSpan())).ToArray();
        for (var r = 0; r < 80; r++)
        {
            var concatenated = expected.SelectMany(e => e.Row(r).ToArray()).Select(BitConverter.DoubleToInt64Bits).ToArray();
            Assert.Equal(concatenated, batched.Row(r).ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray());
            Assert.Equal(concatenated, sequential.Row(r).ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray());
        }
    }

    [Fact]
    public void Percentiles_of_a_group_holding_negative_and_positive_zero_keep_the_sign_the_framework_sort_gives()
    {
        var layout = WeightLayout.Fcn([4, 1], biases: false);
        float[] w = [-0f, 0f, 0f, -0f];
        var set = StatisticSet.Parse("p0,p50,p100");
        var f = new WeightStatistics(layout, set, StatisticScope.Global).Compute(w.AsSpan());
        var expected = new double[set.Count];
        WeightStatistics.Summarise(w.Select(v => (double)v).ToArray(), set, expected);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), f.Row(0).ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    private static List<int[]> GroupIndices(WeightLayout layout, StatisticScope scope)
    {
        static int[] Range(LayoutEntry e) => Enumerable.Range(e.Start, e.Size).ToArray();
        return scope switch
        {
            StatisticScope.Global => [Enumerable.Range(0, layout.ParameterCount).ToArray()],
            StatisticScope.Layer => layout.Layers.Select(l => l.Bias is null ? Range(l.Kernel) : [.. Range(l.Kernel), .. Range(l.Bias)]).ToList(),
            StatisticScope.NeuronGroup => layout.NeuronGroups.Select(n => n.Indices).ToList(),
            _ => layout.Layers.SelectMany(l => l.Bias is null ? [Range(l.Kernel)] : new[] { Range(l.Kernel), Range(l.Bias) }).ToList(),
        };
    }
}
