using WeightSpace.Core.Features;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Features;

/// <summary>
/// Finite weights must give finite features. The moments are summed in double,
/// which no float input overflows; what overflows is the variance of weights near float's range
/// stored as a float feature. The ingest therefore drops (or, with non_finite "error", names) a
/// checkpoint with a weight beyond ±<see cref="ZooIngest.MaxAbsWeight"/>, as it does one with NaN.
/// </summary>
public sealed class StatisticsOverflowTests
{
    private static readonly StatisticScope[] Scopes = [StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup];

    private static readonly StatisticSet Every = StatisticSet.Parse(["mean", "var", "std", "skew", "kurtosis", "p0", "p50", "p100"]);

    [Fact]
    public void Moments_of_weights_at_the_top_of_float_range_are_finite_in_double()
    {
        var calculator = new WeightStatistics(TinyZoo.Layout, Every, Scopes);
        var row = new float[TinyZoo.Layout.ParameterCount];
        for (var c = 0; c < row.Length; c++) row[c] = c % 2 == 0 ? float.MaxValue : -float.MaxValue;

        var features = calculator.Compute((ReadOnlySpan<float>)row);

        Assert.All(features.Data, v => Assert.True(double.IsFinite(v), $"{v}"));
        // ...but the variance (about 1.2e77) is no float: this is why such rows stop at the ingest.
        Assert.Contains(features.Data, v => !float.IsFinite((float)v));
    }

    [Fact]
    public void Weights_up_to_the_ingest_bound_give_features_finite_as_floats()
    {
        var calculator = new WeightStatistics(TinyZoo.Layout, Every, Scopes);
        var row = new float[TinyZoo.Layout.ParameterCount];
        for (var c = 0; c < row.Length; c++) row[c] = c % 2 == 0 ? ZooIngest.MaxAbsWeight : -ZooIngest.MaxAbsWeight;

        var features = calculator.Compute((ReadOnlySpan<float>)row);

        Assert.All(features.Data, v => Assert.True(float.IsFinite((float)v), $"{v} is not a finite float"));
    }

    [Fact]
    public void The_ingest_drops_and_counts_a_checkpoint_whose_statistics_would_overflow()
    {
        using var dir = new TempDir();
        TinyZoo.Write(dir.Root, editRow: (row, r) =>
        {
            if (r == 5) row[3] = 3e38f;
            if (r == 8) row[9] = -ZooIngest.MaxAbsWeight; // at the bound: kept
        });

        var summary = ZooIngest.Run(dir.Root, dir.File("zoo.parquet"));

        Assert.Equal(11, summary.Rows);
        Assert.Equal(1, summary.DroppedNonFinite);
        var statistics = dir.File("statistics.parquet");
        StatisticsFile.Write(dir.File("zoo.parquet"), new WeightStatistics(TinyZoo.Layout, Every, Scopes), statistics, _ => { });
        var table = FeatureTable.Read(statistics);
        for (var r = 0; r < table.Features.Rows; r++)
            for (var f = 0; f < table.Features.Columns; f++)
                Assert.True(double.IsFinite(table.Features[r, f]), $"row {r}, {table.Features.Names[f]} = {table.Features[r, f]}");
    }

    [Fact]
    public void With_non_finite_error_the_ingest_names_the_row_and_the_weight()
    {
        using var dir = new TempDir();
        TinyZoo.Write(dir.Root, editRow: (row, r) => { if (r == 5) row[3] = -3e38f; });

        var e = Assert.Throws<ZooFormatException>(() => ZooIngest.Run(dir.Root, dir.File("zoo.parquet"), NonFinitePolicy.Error));

        Assert.Contains("weights.npy row 5", e.Message);
        Assert.Contains("modeldir 'run-001', step 1", e.Message);
        Assert.Contains("weight 3 is -3E+38", e.Message);
        Assert.Contains("beyond", e.Message);
        Assert.False(File.Exists(dir.File("zoo.parquet")));
    }
}
