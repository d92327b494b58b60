using System.Text;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Round_trips_rows_written_in_blocks_and_read_from_the_middle()
    {
        var path = _dir.File("weights.npy");
        var all = Enumerable.Range(0, 7 * 3).Select(i => i * 0.5f - 3).ToArray();
        using (var w = NpyWriter.Create(path, 7, 3))
        {
            w.WriteRows(all.AsSpan(0, 9));
            w.WriteRows(all.AsSpan(9));
            w.Complete();
        }
        using var r = NpyReader.Open(path);
        Assert.Equal(7, r.Rows);
        Assert.Equal(3, r.Columns);
        var middle = new float[3 * 3];
        r.ReadRows(2, middle);
        Assert.Equal(all[6..15], middle);
    }

    [Fact]
    public void Pads_the_header_so_the_data_starts_at_a_multiple_of_64_bytes()
    {
        var path = _dir.File("w.npy");
        using (var w = NpyWriter.Create(path, 2, 5)) { w.WriteRows(new float[10]); w.Complete(); }
        var bytes = File.ReadAllBytes(path);
        var dataStart = bytes.Length - 2 * 5 * 4;
        Assert.Equal(0, dataStart % 64);
        Assert.Equal((byte)'\n', bytes[dataStart - 1]);
        Assert.Contains("'shape': (2, 5)", Encoding.Latin1.GetString(bytes, 10, dataStart - 10));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_version_2_and_3_headers(byte major)
    {
        var path = WriteRaw("v.npy", major, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", [1f, 2f]);
        using var r = NpyReader.Open(path);
        var row = new float[2];
        r.ReadRows(0, row);
        Assert.Equal([1f, 2f], row);
    }

    [Fact]
    public void Rejects_a_file_without_the_magic_string()
    {
        var path = _dir.File("weights.npy");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("PK\x03\x04 this is a zip, not an npy file"));
        var e = Assert.Throws<ZooFormatException>(() => NpyReader.Open(path));
        Assert.Contains("weights.npy", e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Rejects_float64_naming_the_file_and_the_dtype()
    {
        var path = WriteRaw("weights.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", new float[4]);
        var e = Assert.Throws<ZooFormatException>(() => NpyReader.Open(path));
        Assert.Equal("weights.npy: dtype '<f8' is not supported; expected '<f4'", e.Message);
    }

    [Fact]
    public void Rejects_a_fortran_ordered_array()
    {
        var path = WriteRaw("weights.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", new float[2]);
        var e = Assert.Throws<ZooFormatException>(() => NpyReader.Open(path));
        Assert.Contains("weights.npy", e.Message);
        Assert.Contains("fortran_order", e.Message);
    }

    [Fact]
    public void Rejects_a_one_dimensional_shape()
    {
        var path = WriteRaw("weights.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new float[4]);
        var e = Assert.Throws<ZooFormatException>(() => NpyReader.Open(path));
        Assert.Contains("weights.npy", e.Message);
        Assert.Contains("(4,)", e.Message);
        Assert.Contains("expected 2", e.Message);
    }

    [Fact]
    public void Rejects_data_shorter_than_the_shape_says()
    {
        var path = WriteRaw("weights.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", new float[5]);
        var e = Assert.Throws<ZooFormatException>(() => NpyReader.Open(path));
        Assert.Contains("weights.npy", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Writer_refuses_to_complete_with_fewer_rows_than_declared()
    {
        var w = NpyWriter.Create(_dir.File("short.npy"), 3, 2);
        w.WriteRows(new float[2]);
        var e = Assert.Throws<InvalidOperationException>(w.Complete);
        Assert.Contains("1 rows were written but the header declares 3", e.Message);
    }

    [Fact]
    public void Writer_refuses_more_rows_than_declared()
    {
        using var w = NpyWriter.Create(_dir.File("long.npy"), 1, 2);
        Assert.Throws<InvalidOperationException>(() => w.WriteRows(new float[4]));
        w.WriteRows(new float[2]);
    }

    /// <summary>An .npy file with a hand-made header dict (framed as numpy frames it) and float data.</summary>
    private string WriteRaw(string name, byte major, string dict, float[] data)
    {
        using var s = new MemoryStream();
        s.Write(NpyFormat.Frame(dict, major));
        foreach (var f in data) s.Write(BitConverter.GetBytes(f));
        var path = _dir.File(name);
        File.WriteAllBytes(path, s.ToArray());
        return path;
    }
}
