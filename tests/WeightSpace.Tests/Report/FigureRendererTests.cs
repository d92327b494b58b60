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

    [Fact]
    public void A_heatmap_is_drawn_as_the_matrix_is_written_row_0_at_the_top_cell_i_j_in_column_j()
    {
        // One hot cell at row 0, column 2 of a 3 x 3 matrix: a transposed or upside-down drawing puts it elsewhere.
        var data = new double[3, 3];
        data[0, 2] = 1;
        var plot = FigureRenderer.HeatmapPlot(data, "orientation");
        var path = Path.Combine(_dir, "heatmap.png");
        plot.SavePng(path, 600, 500);
        using var image = SkiaSharp.SKBitmap.Decode(path);
        ScottPlot.Pixel Centre(int i, int j) => plot.GetPixel(FigureRenderer.CellCentre(i, j, 3));
        SkiaSharp.SKColor At(int i, int j) => image.GetPixel((int)Centre(i, j).X, (int)Centre(i, j).Y);

        Assert.True(Centre(0, 0).Y < Centre(2, 0).Y, "row 0 above row 2");
        Assert.True(Centre(0, 0).X < Centre(0, 2).X, "column 0 left of column 2");
        var (hot, mirror, antiMirror) = (At(0, 2), At(2, 0), At(2, 2));
        Assert.True(hot.Red > 200 && hot.Green > 200, $"cell (0, 2) is viridis' top, yellow: {hot}");
        Assert.True(mirror.Red < 120 && mirror.Green < 60, $"cell (2, 0) is viridis' bottom, dark: {mirror}");
        Assert.True(antiMirror.Red < 120 && antiMirror.Green < 60, $"cell (2, 2) is viridis' bottom, dark: {antiMirror}");
    }

    [Fact]
    public void Attention_tokens_are_labelled_global_first_then_layer_and_neuron()
    {
        Assert.Equal(["G", "G", "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4"], FigureRenderer.TokenLabels(11, [5, 4]));
        Assert.Equal(["0", "1", "2"], FigureRenderer.TokenLabels(3, [5, 4])); // fewer tokens than neurons: another layout, indices
    }

    [Fact]
    public void The_colour_scale_spans_the_2nd_to_98th_percentile_so_an_outlier_does_not_set_it()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)i).ToList();
        Assert.Equal((2.0, 98.0), EmbeddingFigures.ColourRange(values));
        values[100] = 1e6; // one outlier moves the top end by at most one order statistic
        var (low, high) = EmbeddingFigures.ColourRange(values);
        Assert.Equal(2.0, low, 9);
        Assert.Equal(98.0, high, 9);
    }

    [Fact]
    public void Titles_wrap_at_spaces_so_no_line_is_wider_than_asked()
    {
        var title = "Figure 19: reconstruction R² per checkpoint epoch, 10 dB noise on the bottleneck, by training noise (tetris-seed)";
        var lines = FigureRenderer.Wrap(title, 40).Split('\n');
        Assert.True(lines.Length > 1);
        Assert.All(lines, l => Assert.True(l.Length <= 40, l));
        Assert.Equal(title, string.Join(' ', lines));
        Assert.Equal("a\nb", FigureRenderer.Wrap("a\nb", 40));
    }

    [Fact]
    public void Figure_18_draws_a_panel_per_noise_location_and_nothing_without_rows()
    {
        static ReportRow Snr(string noise, string augmentation, double snr, double r2) =>
            new("fig18", "tetris-seed", "reconstruction", "m", "neurongroup", augmentation, $"noise={noise};snr={snr}", "r2", null, r2, 1, "")
            {
                At = new(Noise: noise, Snr: snr),
            };
        var path = Path.Combine(_dir, "fig18.png");
        FigureRenderer.MetricBySnrPanels([Snr("input", "a", 0, 0.1), Snr("input", "a", 10, 0.5), Snr("bottleneck", "b", 0, 0.2), Snr("bottleneck", "b", 10, 0.6)],
            "fig18", r => r.Key.Augmentation, "title", path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(1600, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]); // two 800-pixel panels
        var none = Path.Combine(_dir, "none.png");
        FigureRenderer.MetricBySnrPanels([Snr("input", "a", 0, 0.1) with { Key = new("fig19", "", "", "", "", "", "", "r2") }], "fig18", r => "", "title", none);
        Assert.False(File.Exists(none));
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
