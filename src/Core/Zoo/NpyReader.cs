using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// Streams rows out of a 2-D float32 .npy file (rows x columns, C order) without loading it whole.
/// </summary>
public sealed class NpyReader : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly long _dataOffset;

    private NpyReader(string path, SafeFileHandle handle, long rows, int columns, long dataOffset)
    {
        Path = path;
        _handle = handle;
        Rows = rows;
        Columns = columns;
        _dataOffset = dataOffset;
    }

    public string Path { get; }
    public long Rows { get; }
    public int Columns { get; }

    /// <summary>Opens the file and validates its header and length.</summary>
    /// <exception cref="ZooFormatException">names the file and what is wrong.</exception>
    public static NpyReader Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            var (rows, columns, offset) = NpyFormat.ReadHeader(handle, path);
            return new NpyReader(path, handle, rows, columns, offset);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads destination.Length / Columns whole rows starting at <paramref name="firstRow"/>.</summary>
    public void ReadRows(long firstRow, Span<float> destination)
    {
        if (Columns == 0 || destination.Length % Columns != 0)
            throw new ArgumentException($"destination length {destination.Length} is not a whole number of {Columns}-value rows", nameof(destination));
        var count = destination.Length / Columns;
        if (firstRow < 0 || firstRow + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows [{firstRow}, {firstRow + count}) are outside {System.IO.Path.GetFileName(Path)}'s {Rows} rows");

        var bytes = MemoryMarshal.AsBytes(destination);
        var offset = _dataOffset + firstRow * Columns * sizeof(float);
        while (!bytes.IsEmpty)
        {
            var n = RandomAccess.Read(_handle, bytes, offset);
            if (n == 0) throw new ZooFormatException($"{System.IO.Path.GetFileName(Path)}: unexpected end of file at byte {offset}");
            bytes = bytes[n..];
            offset += n;
        }
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(destination);
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
    }

    public void Dispose() => _handle.Dispose();
}
