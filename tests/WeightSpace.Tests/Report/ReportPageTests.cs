using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

[Collection(BrowserCollection.Name)]
public sealed class ReportPageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ws-page-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ReportRun Run = new("smoke", "abc123def456", new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static ReportRow Row(string table, string method, double? thesis, double? ours) =>
        new(table, "tetris-seed", "accuracy", method, "weights", "none", "", "r2", thesis, ours, ours is null ? 0 : 1, "");

    private string Page(IReadOnlyList<ReportRow> rows)
    {
        var figures = Path.Combine(_dir, "figures");
        Directory.CreateDirectory(figures);
        FigureRenderer.MetricByEpoch(
            [new ReportRow("fig15", "tetris-seed", "reconstruction", "pca", "neurongroup", "none", "epoch=1", "r2", null, 0.3, 1, "") { At = new(Epoch: 1) },
             new ReportRow("fig15", "tetris-seed", "reconstruction", "pca", "neurongroup", "none", "epoch=2", "r2", null, 0.4, 1, "") { At = new(Epoch: 2) }],
            "fig15", "title", "R²", Path.Combine(figures, "fig15.png"));
        var path = Path.Combine(_dir, "index.html");
        File.WriteAllText(path, ReportPage.Render(rows, figures, Run, 3, ThesisReport.Catalog, new Dictionary<string, string> { ["fig13"] = ReportPage.NeedsDownloadedZoo }));
        return path;
    }

    [Fact]
    public void Lists_every_table_every_thesis_figure_and_the_run()
    {
        var html = File.ReadAllText(Page([Row("table5", "ridge", 0.48, 0.3), Row("table9", "attnpred", 0.99, null)]));

        Assert.Contains("data-table=\"table5\"", html);
        Assert.Contains("data-table=\"table9\"", html);
        Assert.Contains(ReportRenderer.NotYetMeasured, html);      // the unmeasured table 9 row stays visible
        Assert.Contains("<td class=\"num delta\">-0.18</td>", html);
        foreach (var figure in ThesisReport.Catalog.Figures)
            Assert.Contains($"<figure id=\"{figure.Id}\">", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data:image/webp;base64,"));
        Assert.Contains(ReportPage.NeedsDownloadedZoo, html);
        Assert.Contains(">smoke<", html);
        Assert.Contains("abc123def456", html);
        Assert.Contains("2026-11-26 12:00:00 UTC", html);
        Assert.DoesNotContain("http", html);                      // self-contained: nothing to fetch
    }

    [Fact]
    public void Escapes_cell_text()
    {
        var html = File.ReadAllText(Page([Row("table5", "<b>ridge</b> & co", 0.5, 0.5)]));
        Assert.Contains("&lt;b&gt;ridge&lt;/b&gt; &amp; co", html);
        Assert.DoesNotContain("<b>ridge</b>", html);
    }

    [Fact]
    public void Loads_in_headless_chromium_with_every_image_drawn_and_no_errors()
    {
        var page = Page([Row("table5", "ridge", 0.48, 0.3), Row("table6", "loglinear", 0.8, 0.9)]);

        var check = HeadlessChromium.Check(page);

        Assert.Empty(check.Errors);
        Assert.Equal(["table5", "table6"], check.TableIds);
        Assert.Single(check.ImageWidths);
        Assert.All(check.ImageWidths, width => Assert.Equal(1000, width));
    }

    [Fact]
    public void A_wide_scatter_figure_is_inlined_at_the_page_width_and_far_smaller_than_its_png()
    {
        // Like Figure 10: a 2,560-pixel-wide scatter of 20,000 points, which compresses badly as PNG.
        var figures = Path.Combine(_dir, "figures");
        Directory.CreateDirectory(figures);
        var png = Path.Combine(figures, ZooEmbeddings.Report.Figure10.FileName);
        var random = new Random(1);
        var plot = new ScottPlot.Plot();
        var xs = Enumerable.Range(0, 20_000).Select(_ => random.NextDouble()).ToArray();
        var dots = plot.Add.ScatterPoints(xs, xs.Select(x => x * x + 0.1 * random.NextDouble()).ToArray());
        dots.MarkerSize = 2;
        plot.Title("a wide scatter");
        plot.SavePng(png, 2560, 1090);
        var page = Path.Combine(_dir, "index.html");
        File.WriteAllText(page, ReportPage.Render([Row("table5", "ridge", 0.48, 0.3)], figures, Run, 3, ThesisReport.Catalog));

        var inlined = new FileInfo(page).Length;
        var check = HeadlessChromium.Check(page);

        Assert.True(inlined < new FileInfo(png).Length / 2, $"page {inlined} bytes, the figure's PNG alone {new FileInfo(png).Length}");
        Assert.Empty(check.Errors);
        Assert.Equal([InlineFigure.MaxWidth], check.ImageWidths);   // decoded by the browser, scaled to the page's cap
        Assert.DoesNotContain("figures/", File.ReadAllText(page));  // still one file: nothing refers to the PNG
    }

    [Fact]
    public void The_browser_check_catches_a_broken_image()
    {
        var page = Page([Row("table5", "ridge", 0.48, 0.3)]);
        var html = File.ReadAllText(page);
        var at = html.IndexOf("base64,", StringComparison.Ordinal) + 7;
        File.WriteAllText(page, html[..at] + "AAAA" + html[(at + 40)..]);   // corrupt the PNG's header

        var check = HeadlessChromium.Check(page);

        Assert.Contains(0, check.ImageWidths);
    }
}
