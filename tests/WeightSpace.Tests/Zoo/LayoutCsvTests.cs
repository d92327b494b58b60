using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class LayoutCsvTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The Small CNN Zoo layout: each layer's bias before its kernel, 4970 values.</summary>
    private static readonly LayoutEntry[] Cnn = TestLayouts.CnnEntries;

    [Fact]
    public void Round_trips_the_cnn_layout_with_python_tuple_shapes()
    {
        var path = _dir.File("layout.csv");
        LayoutCsv.Write(path, WeightLayout.Create(Cnn));
        var text = File.ReadAllText(path);
        Assert.StartsWith("varname,start_idx,end_idx,shape", text);
        Assert.Contains("\"(3, 3, 1, 16)\"", text);
        Assert.Contains("\"(16,)\"", text);

        var layout = LayoutCsv.Read(path);
        Assert.Equal(4970, layout.ParameterCount);
        Assert.Equal(Cnn.Select(e => (e.VarName, e.Start, e.End, string.Join("x", e.Shape))),
            layout.Entries.Select(e => (e.VarName, e.Start, e.End, string.Join("x", e.Shape))));
        Assert.Equal(58, layout.NeuronGroups.Count);
    }

    [Fact]
    public void Reports_a_gap_naming_the_file_and_the_row()
    {
        var path = _dir.File("layout.csv");
        File.WriteAllText(path, """
            varname,start_idx,end_idx,shape
            sequential/dense/kernel:0,0,80,"(16, 5)"
            sequential/dense_1/kernel:0,90,110,"(5, 4)"
            """);
        var e = Assert.Throws<LayoutException>(() => LayoutCsv.Read(path));
        Assert.StartsWith("layout.csv (row 2):", e.Message);
        Assert.Contains("gap", e.Message);
        Assert.Contains("[80, 90)", e.Message);
    }

    [Fact]
    public void Rejects_a_shape_that_is_not_a_tuple_naming_the_row_and_column()
    {
        var path = _dir.File("layout.csv");
        File.WriteAllText(path, """
            varname,start_idx,end_idx,shape
            sequential/dense/kernel:0,0,80,"(16, 5)"
            sequential/dense_1/kernel:0,80,100,"[5, 4]"
            """);
        var e = Assert.Throws<LayoutException>(() => LayoutCsv.Read(path));
        Assert.StartsWith("layout.csv row 2, column 'shape'", e.Message);
    }

    [Fact]
    public void Rejects_a_file_without_the_shape_column()
    {
        var path = _dir.File("layout.csv");
        File.WriteAllText(path, "varname,start_idx,end_idx\nsequential/dense/kernel:0,0,80\n");
        var e = Assert.Throws<LayoutException>(() => LayoutCsv.Read(path));
        Assert.Contains("layout.csv: required column 'shape' is missing", e.Message);
    }

    [Theory]
    [InlineData("(16,)", new[] { 16 })]
    [InlineData("(3, 3, 1, 16)", new[] { 3, 3, 1, 16 })]
    [InlineData(" (16,10) ", new[] { 16, 10 })]
    public void Parses_python_tuples(string text, int[] expected) => Assert.Equal(expected, LayoutCsv.ParseShape(text));

    [Theory]
    [InlineData("16")]
    [InlineData("(16,,)")]
    [InlineData("(0, 3)")]
    [InlineData("()")]
    public void Rejects_what_is_not_a_shape(string text) => Assert.Null(LayoutCsv.ParseShape(text));
}
