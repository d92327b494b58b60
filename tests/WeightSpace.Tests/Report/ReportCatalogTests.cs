using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

public sealed class ReportCatalogTests
{
    [Fact]
    public void Finds_every_thesis_figure_from_9_to_22_each_declared_beside_its_experiment()
    {
        Assert.Equal(Enumerable.Range(9, 14), ReportCatalog.Figures.Select(f => f.Number));
        Assert.Contains(Table4.Figure15, ReportCatalog.Figures);
        Assert.Equal("fig15.png", Table4.Figure15.FileName);
        Assert.All(ReportCatalog.Figures, f => Assert.StartsWith($"Figure {f.Number} — ", f.Caption));
        Assert.All(ReportCatalog.Figures, f => Assert.StartsWith($"Figure {f.Number}: ", f.Title));
    }

    [Fact]
    public void Finds_every_table_in_report_order_datasets_first()
    {
        Assert.Equal(["datasets", "table2", "table3", "table4", "table5", "table6", "table7", "table8", "table9", "table10", "sec4.4.2", "umap"],
            ReportCatalog.Tables.Select(t => t.Id));
        Assert.Equal(Table9.Spec.Caption, ReportCatalog.Caption("table9"));
        Assert.Equal("table99", ReportCatalog.Caption("table99"));   // an undeclared table keeps its id
    }

    [Fact]
    public void Table_9_declares_the_table_8_rows_it_shows_beside_attnpred()
    {
        Assert.Equal([new BorrowedRows("table8", "gbm-paper", "stats-layer"), new BorrowedRows("table8", "dnn-paper", "weights")], Table9.Spec.Borrowed);
        Assert.All(ReportCatalog.Tables.Where(t => t != Table9.Spec), t => Assert.Empty(t.Borrowed));
    }
}
