using System.Reflection;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;

namespace WeightSpace.Tests.Report;

public sealed class ReportCatalogTests
{
    private static List<T> Declared<T>() => typeof(ThesisReport).Assembly.GetTypes()
        .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(field => field.FieldType == typeof(T))
        .Select(field => (T)field.GetValue(null)!)
        .ToList();

    [Fact]
    public void Lists_every_table_and_figure_declared_beside_an_experiment()
    {
        Assert.Equal(Declared<ReportTable>().OrderBy(t => t.Id, StringComparer.Ordinal), ThesisReport.Catalog.Tables.OrderBy(t => t.Id, StringComparer.Ordinal));
        Assert.Equal(Declared<ReportFigure>().OrderBy(f => f.Number), ThesisReport.Catalog.Figures);
    }

    [Fact]
    public void Holds_every_thesis_figure_from_9_to_22_with_its_caption_title_and_file_and_numbers_the_others_from_100()
    {
        var thesis = ThesisReport.Catalog.Figures.Where(f => f.Number < 100).ToList();
        Assert.Equal(Enumerable.Range(9, 14), thesis.Select(f => f.Number));
        Assert.Equal("fig15.png", Table4.Report.Figure15.FileName);
        Assert.All(thesis, f => Assert.StartsWith($"Figure {f.Number} — ", f.Caption));
        Assert.All(thesis, f => Assert.StartsWith($"Figure {f.Number}: ", f.Title));
        Assert.All(ThesisReport.Catalog.Figures.Except(thesis), f => Assert.Contains("(not a thesis figure)", f.Caption));
    }

    [Fact]
    public void Orders_the_tables_datasets_first_then_as_the_thesis_does()
    {
        Assert.Equal(["datasets", "table2", "table3", "table4", "table5", "table6", "table7", "table8", "sec4.4.2", "table9", "table10", "zoo-size", "umap"],
            ThesisReport.Catalog.Tables.Select(t => t.Id));
        Assert.Equal(Table9.Report.Spec.Caption, ThesisReport.Catalog.Caption("table9"));
        Assert.Equal("table99", ThesisReport.Catalog.Caption("table99"));   // an undeclared table keeps its id
    }

    [Fact]
    public void The_figure_ids_the_experiments_write_are_their_figures_ids()
    {
        Assert.Equal(Table10.RecallFigure, Table10.Report.Figure20.Id);
        Assert.Equal(Table10.AccuracyFigure, Table10.Report.Figure21.Id);
        Assert.Equal(Table10.EpochFigure, Table10.Report.Figure22.Id);
        Assert.Equal(Table9.Table, Table9.Report.Spec.Id);
        Assert.Equal(Table10.Table, Table10.Report.Spec.Id);
    }

    [Fact]
    public void Places_every_figure_after_the_table_the_thesis_shows_it_with()
    {
        Assert.Equal([9, 10, 11, 12], ThesisReport.Catalog.FiguresAfter("table2").Select(f => f.Number));
        Assert.Equal([13, 14], ThesisReport.Catalog.FiguresAfter("table3").Select(f => f.Number));
        Assert.Equal([15], ThesisReport.Catalog.FiguresAfter("table4").Select(f => f.Number));
        Assert.Equal([16, 17, 18, 19], ThesisReport.Catalog.FiguresAfter("table7").Select(f => f.Number));
        Assert.Equal([20, 21, 22], ThesisReport.Catalog.FiguresAfter("table10").Select(f => f.Number));
        Assert.Equal([ZooSize.Report.Figure], ThesisReport.Catalog.FiguresAfter(ZooSize.Table));
        Assert.Empty(ThesisReport.Catalog.FiguresApart(ThesisReport.Catalog.Tables.Select(t => t.Id)));
        // A page without Table 4's rows still shows Figure 15, in the closing Figures section.
        Assert.Equal([15], ThesisReport.Catalog.FiguresApart(["table2", "table3", "table7", "table10", ZooSize.Table]).Select(f => f.Number));
        Assert.Equal("Table 4", ThesisReport.Catalog.ShortName("table4"));
        Assert.Equal("Section 4.4.2", ThesisReport.Catalog.ShortName("sec4.4.2"));
    }

    [Fact]
    public void Refuses_a_table_listed_twice() =>
        Assert.Throws<ArgumentException>(() => new ReportCatalog([Table2.Report.Spec, Table2.Report.Spec], []));

    [Fact]
    public void Table_9_declares_the_table_8_rows_it_shows_beside_attnpred()
    {
        Assert.Equal([new BorrowedRows("table8", "gbm-paper", "stats-layer"), new BorrowedRows("table8", "dnn-paper", "weights")], Table9.Report.Spec.Borrowed);
        Assert.All(ThesisReport.Catalog.Tables.Where(t => t != Table9.Report.Spec), t => Assert.Empty(t.Borrowed));
    }
}
