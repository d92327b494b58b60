using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

public sealed class MetricsDiffTests
{
    private const string Old = """{ "table5/a": 0.5, "table5/b": 0.25, "table6/gone": 1 }""";
    private const string New = """{ "table5/a": 0.75, "table5/b": 0.25, "table7/new": 2 }""";

    [Fact]
    public void Lists_changed_added_and_removed_metrics_in_key_order_and_leaves_out_equal_ones()
    {
        var changes = MetricsDiff.Compare(MetricsDiff.Parse(Old, "old"), MetricsDiff.Parse(New, "new"));
        Assert.Equal(
            [new MetricChange("table5/a", 0.5, 0.75), new MetricChange("table6/gone", 1, null), new MetricChange("table7/new", null, 2)],
            changes);
        Assert.Equal(0.25, changes[0].Delta);
    }

    [Fact]
    public void Renders_old_new_and_change_columns()
    {
        var text = MetricsDiff.Render(MetricsDiff.Compare(MetricsDiff.Parse(Old, "old"), MetricsDiff.Parse(New, "new")), "HEAD~1", "workspace", 3);
        Assert.Equal(
            """
            Metric       HEAD~1  workspace  Change
            table5/a     0.5     0.75       +0.25
            table6/gone  1       —          removed
            table7/new   —       2          added

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void A_missing_summary_counts_as_empty_and_a_broken_one_names_its_origin()
    {
        Assert.Empty(MetricsDiff.Parse(null, "HEAD:reports/metrics.json"));
        var error = Assert.Throws<InvalidDataException>(() => MetricsDiff.Parse("{ nope", "HEAD~3:reports/metrics.json"));
        Assert.StartsWith("HEAD~3:reports/metrics.json", error.Message);
    }

    [Fact]
    public void Warns_when_the_two_summaries_come_from_different_profiles()
    {
        var smoke = """{ "profile": "smoke", "table5/a": 0.5 }""";
        var byDefault = """{ "profile": "default", "table5/a": 0.5 }""";
        Assert.Equal(new Dictionary<string, double> { ["table5/a"] = 0.5 }, MetricsDiff.Parse(smoke, "smoke"));
        Assert.Null(MetricsDiff.ProfileWarning(MetricsDiff.ProfileOf(byDefault), MetricsDiff.ProfileOf(byDefault), "HEAD", "workspace"));
        var warning = MetricsDiff.ProfileWarning(MetricsDiff.ProfileOf(byDefault), MetricsDiff.ProfileOf(smoke), "HEAD", "workspace");
        Assert.Contains("profile 'default'", warning);
        Assert.Contains("profile 'smoke'", warning);
        // A summary from before profiles were recorded is named as such.
        Assert.Contains("unrecorded profile", MetricsDiff.ProfileWarning(MetricsDiff.ProfileOf(Old), "default", "HEAD", "workspace"));
    }
}
