using WeightSpace.Core.Experiments;
using WeightSpace.Core.Models;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Experiments;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class AttentionMapsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Correlation_is_one_for_a_scaled_copy_minus_one_for_a_negated_row_and_zero_for_a_constant_row()
    {
        float[] rows = [1, 2, 4, 2, 4, 8, -1, -2, -4, 3, 3, 3];
        var c = AttentionMaps.Correlation(rows, 4);
        Assert.Equal(1.0, c[0 * 4 + 1], 9);
        Assert.Equal(-1.0, c[0 * 4 + 2], 9);
        Assert.Equal(0.0, c[0 * 4 + 3], 9);
        Assert.Equal(1.0, c[2 * 4 + 2], 9);
    }

    [Fact]
    public void Bin_means_average_runs_of_consecutive_rows()
    {
        // 5 rows of 2 values (row r = [r, 10 r]) in 2 bins: rows 0-2 (r * 2 / 5 = 0) and rows 3-4.
        float[] rows = [0, 0, 1, 10, 2, 20, 3, 30, 4, 40];
        var means = AttentionMaps.BinMeans(rows, 5, 2);
        Assert.Equal([1f, 10f, 3.5f, 35f], means);
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionMaps.BinMeans(rows, 5, 6));
    }

    [Fact]
    public void The_figures_rows_hold_softmax_maps_of_the_most_and_least_accurate_test_models_and_a_symmetric_binned_correlation()
    {
        var zoo = TinyZoo.Write(_dir.Root, 30, 3).Directory;
        var parquet = _dir.File("zoo.parquet");
        ZooIngest.Run(zoo, parquet);
        var split = _dir.File("split.csv");
        ModelSplit.Create(ZooParquet.ReadModels(parquet), 0.6, 0.2, seed: 1).Write(split);
        var data = ZooDataset.Load(parquet, split);
        var test = ExperimentRows.Of(data, 1).Test;
        manual_seed(5);
        using var model = new AttnAe2(new AttnAe2Config(DModel: 16, Heads: 2, Blocks: 1, Latent: 4, GlobalTokens: 1), TinyZoo.Layout);

        var rows = AttentionMaps.Run(model, data, test, bins: 3, "tiny", 1, "test").ToList();

        var high = rows.Single(r => r.Key.Table == "fig16" && r.Key.Config == "model=high").Value;
        Assert.Equal(test.Max(r => data.Accuracy[r]), high, 9);
        var maps = rows.Where(r => r.Key.Table == "fig16" && r.Key.Metric == "attention").ToList();
        var queries = maps.GroupBy(r => r.Key.Config[..r.Key.Config.IndexOf(";key=", StringComparison.Ordinal)]).ToList();
        Assert.All(queries, q => Assert.Equal(1.0, q.Sum(r => r.Value), 4)); // each query row is a softmax
        Assert.Equal(2 * 2, queries.Select(q => q.Key.Split(";query=")[0]).Distinct().Count()); // two models x two heads
        var cell = rows.Where(r => r.Key.Table == "fig17" && r.Key.Metric == "correlation").ToDictionary(r => r.Key.Config, r => r.Value);
        Assert.Equal(9, cell.Count);
        Assert.Equal(cell["bin=0;bin2=2"], cell["bin=2;bin2=0"], 9);
        Assert.All(cell.Values, v => Assert.InRange(v, -1.0 - 1e-9, 1.0 + 1e-9));
        for (var b = 0; b < 3; b++) Assert.Equal(1.0, cell[$"bin={b};bin2={b}"], 6); // each bin against itself
        Assert.All(rows.Where(r => r.Key.Table == "fig17" && r.Key.Metric == "correlation"),
            r => Assert.Equal(r.Key.Config, $"bin={r.At.CellRow};bin2={r.At.CellColumn}"));

        // Cell (0, 2) is the least accurate third's mean first-head map against the most accurate third's.
        var sorted = test.OrderBy(r => data.Accuracy[r]).ThenBy(r => r).ToArray();
        var (all, heads, tokens) = AttentionMaps.FirstBlock(model, data.WeightsOf(sorted), data.Parameters);
        var t2 = tokens * tokens;
        double[] MeanFirstHead(IEnumerable<int> positions)
        {
            var p = positions.ToArray();
            return Enumerable.Range(0, t2).Select(k => p.Average(i => (double)all[i * heads * t2 + k])).ToArray();
        }
        var n = sorted.Length;
        var low = MeanFirstHead(Enumerable.Range(0, n).Where(i => i * 3 / n == 0));
        var highest = MeanFirstHead(Enumerable.Range(0, n).Where(i => i * 3 / n == 2));
        Assert.Equal(Pearson(low, highest), cell["bin=0;bin2=2"], 5);
        Assert.Equal(4, rows.Count(r => r.Key.Metric == "mean_correlation"));
    }

    private static double Pearson(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var cov = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return cov / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
