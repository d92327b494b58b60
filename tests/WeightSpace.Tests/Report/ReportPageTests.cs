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

    private string Page(IReadOnlyList<ReportRow> rows) => Page(new ReportData(rows, [], [], []));

    private string Page(ReportData data)
    {
        var figures = Path.Combine(_dir, "figures");
        Directory.CreateDirectory(figures);
        FigureRenderer.MetricByEpoch(
            [new ReportRow("fig15", "tetris-seed", "reconstruction", "pca", "neurongroup", "none", "epoch=1", "r2", null, 0.3, 1, "") { At = new(Epoch: 1) },
             new ReportRow("fig15", "tetris-seed", "reconstruction", "pca", "neurongroup", "none", "epoch=2", "r2", null, 0.4, 1, "") { At = new(Epoch: 2) }],
            "fig15", "title", "R²", Path.Combine(figures, "fig15.png"));
        var path = Path.Combine(_dir, "index.html");
        File.WriteAllText(path, ReportPage.Render(data, figures, Run with { Compute = new ComputeTime(7_512, 31) }, 3, ThesisReport.Catalog,
            new Dictionary<string, string> { ["fig13"] = ReportPage.NeedsDownloadedZoo }));
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

    /// <summary>Rows as the report has them: verdicts, long configs with sizes, params rows, rows beyond the thesis.</summary>
    private static ReportData Judged()
    {
        ReportRow Judged(string table, string dataset, string method, string config, string metric, double? thesis, double? ours, Verdict? verdict, string reason) =>
            new(table, dataset, "reconstruction", method, "neurongroup", "permutation", config, metric, thesis, ours, ours is null ? 0 : 1, "")
            { Verdict = verdict, Reason = reason };
        const string Long = "latent=20;N=4;d=128;heads=4;blocks=4;dropout=0.1;lr=0.0001;epochs=300;params~100k";
        var rows = new List<ReportRow>
        {
            Judged("table4", "tetris-seed", "attnae2", Long, "r2", 0.865, 0.83, Verdict.Partial, "within 0.1"),
            Judged("table4", "tetris-seed", "attnae2", Long, "params", null, 849_120, null, ""),
            Judged("table4", "tetris-seed", "attnae2", Long, "kendall", null, 0.71, null, ""),
            Judged("table4", "tetris-seed", "pca", "latent=20", "r2", 0.352, 0.619, Verdict.Reproduced, "better than the thesis"),
            Judged("table8", "mnist", "dnn", "layers=10;params~1.8M", "r2", 0.983, 0.05, Verdict.NotComparable, "192 models against 30,000; 1,152 checkpoints against 275,000"),
            Judged("table8", "svhn", "dnn", "layers=10;params~1.8M", "r2", 0.946, null, Verdict.NotMeasured, "needs the downloaded zoo"),
            Judged("table8", "mnist", "mlplayer-sum", "params~800K", "r2", 0.99, -0.16, Verdict.NotReproduced, "worse than the thesis by more than 0.1"),
        };
        var zoos = new List<ZooSetting> { new("mnist", "cnn-mnist", 192, 30_000, 1152, 275_000, "§4.1: 120k models over four image sets", "192 models against 30,000") };
        var tolerances = new List<MetricTolerance> { new("r2", "higher", 0.03, 0.1, false, "coefficient of determination", "0.03", "0.1") };
        return new ReportData(rows, zoos, tolerances, [new SettingRule("models", 0.5)]);
    }

    [Fact]
    public void Counts_the_verdicts_at_the_top_and_above_each_table_and_shows_rows_beyond_the_thesis_apart()
    {
        var html = File.ReadAllText(Page(Judged()));
        Assert.Contains("id=\"verdict-summary\"", html);
        Assert.Contains("Table 4: <span class=\"count v-reproduced\">1 reproduced</span>, <span class=\"count v-partial\">1 partial</span> (of 2 thesis rows).", html);
        Assert.Contains("<details class=\"beyond\"><summary>1 row beyond the thesis", html);   // kendall; the params row is a column
        Assert.Contains("<tr class=\"v-not-comparable\">", html);
        Assert.Contains("192 models against 30,000", html);
        Assert.Contains("849,120", html);
        Assert.DoesNotContain("params~", html);
        Assert.Contains("2 h 05 min of computing", html);
        // Figure 15 follows Table 4; Figure 20 has no table on this page and closes it.
        Assert.True(html.IndexOf("id=\"table4\"", StringComparison.Ordinal) < html.IndexOf("<figure id=\"fig15\">", StringComparison.Ordinal));
        Assert.True(html.IndexOf("<figure id=\"fig15\">", StringComparison.Ordinal) < html.IndexOf("id=\"table8\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("id=\"figures\"", StringComparison.Ordinal) < html.IndexOf("<figure id=\"fig20\">", StringComparison.Ordinal));
    }

    [Fact]
    public void Loads_in_headless_chromium_with_the_verdict_summary_every_image_drawn_no_overflow_and_no_errors()
    {
        var page = Page(Judged());

        var check = HeadlessChromium.Check(page);

        Assert.Empty(check.Errors);
        Assert.Equal(["table4", "table8"], check.TableIds);
        Assert.Single(check.ImageWidths);
        Assert.All(check.ImageWidths, width => Assert.Equal(1000, width));
        Assert.Equal(0, check.HorizontalOverflow);
        Assert.Empty(check.ScrollingTables);   // the widest rows (long configs, sizes, reasons) fit the window
        Assert.Equal(["Table 4 1 1 0 0 0 1", "Table 8 0 0 1 1 1 0", "all 1 1 1 1 1 1"], check.VerdictSummary);
    }

    [Fact]
    public void The_browser_check_catches_a_page_wider_than_the_window()
    {
        var page = Page(Judged());
        File.WriteAllText(page, File.ReadAllText(page).Replace("</body>", $"<div style=\"width:{HeadlessChromium.WindowWidth + 400}px\">wide</div></body>"));

        Assert.True(HeadlessChromium.Check(page).HorizontalOverflow > 0);
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
