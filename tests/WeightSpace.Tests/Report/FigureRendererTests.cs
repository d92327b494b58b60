using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

public sealed class FigureRendererTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ws-figure-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ReportRow Point(string method, int epoch, double r2) =>
        new("fig15", "tetris-seed", "reconstruction", method, "neurongroup", "none", $"latent=20;epoch={epoch}", "r2", null, r2, 1, "")
        {
            At = new(Params: "latent=20", Epoch: epoch),
        };

    [Fact]
    public void Draws_a_png_of_the_requested_size_from_the_per_epoch_rows()
    {
        var path = Path.Combine(_dir, "fig15.png");
        FigureRenderer.MetricByEpoch([Point("pca", 1, 0.2), Point("pca", 2, 0.3), Point("attnae2", 1, 0.5), Point("attnae2", 2, 0.7)],
            "fig15", "title", "R²", path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // IHDR: width and height, big-endian, at bytes 16..23.
        Assert.Equal(1000, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(600, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
    }

    [Fact]
    public void Figure_19_uses_the_measured_snr_nearest_10_db_the_higher_on_a_tie()
    {
        static ReportRow Snr(double snr, double? ours = 0.5) =>
            new("fig19", "tetris-seed", "reconstruction", "attnae2", "neurongroup", "none", $"latent=20;noise=bottleneck;snr={snr};epoch=3", "r2", null, ours, 1, "")
            {
                At = new(Params: "latent=20", Noise: "bottleneck", Snr: snr, Epoch: 3),
            };
        Assert.Equal(10, FigureRenderer.NearestSnr([Snr(-10), Snr(5), Snr(10), Snr(20)], "fig19", 10));
        Assert.Equal(20, FigureRenderer.NearestSnr([Snr(-10), Snr(0), Snr(20)], "fig19", 10));
        Assert.Equal(0, FigureRenderer.NearestSnr([Snr(-10), Snr(0), Snr(20, ours: null)], "fig19", 10));
        Assert.Null(FigureRenderer.NearestSnr([Point("pca", 1, 0.2)], "fig19", 10));
    }

    [Fact]
    public void Draws_nothing_when_the_figure_has_no_measured_points()
    {
        var path = Path.Combine(_dir, "fig15.png");
        FigureRenderer.MetricByEpoch([Point("pca", 1, 0.2) with { Key = new("table4", "tetris-seed", "reconstruction", "pca", "neurongroup", "none", "latent=20", "r2") }], "fig15", "title", "R²", path);
        Assert.False(File.Exists(path));
    }

    private static ReportRow Cell(string config, string metric, double value, MetricCoordinates at) =>
        new("fig22", "mnist", "epoch", "attnpred", "neurongroup", "permutation", config, metric, null, value, 1, "") { At = at };

    [Fact]
    public void Draws_the_epoch_confusion_matrix_with_the_regressed_group_quantiles_over_it()
    {
        var path = Path.Combine(_dir, "fig22.png");
        FigureRenderer.EpochConfusion(
        [
            Cell("true=0;pred=0", "count", 5, new(Class: "0", Predicted: "0")), Cell("true=0;pred=10", "count", 1, new(Class: "0", Predicted: "10")),
            Cell("true=10;pred=10", "count", 4, new(Class: "10", Predicted: "10")), Cell("true=10;pred=0", "count", 0, new(Class: "10", Predicted: "0")),
            Cell("q=p50;epoch=0", "predicted-group", 0.2, new(Quantile: "p50", Epoch: 0)), Cell("q=p50;epoch=10", "predicted-group", 0.9, new(Quantile: "p50", Epoch: 10)),
        ], "fig22", "title", path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(900, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(800, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);

        // Without count rows there is no matrix to draw.
        var empty = Path.Combine(_dir, "none.png");
        FigureRenderer.EpochConfusion([Cell("q=p50;epoch=0", "predicted-group", 0.2, new(Quantile: "p50", Epoch: 0))], "fig22", "title", empty);
        Assert.False(File.Exists(empty));
    }
}
