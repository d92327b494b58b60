using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// Writes a 2-D float32 .npy file row block by row block. The shape is fixed up front; the row
/// count actually written is checked by <see cref="Complete"/>, which every writer must call. A
/// writer disposed without Complete (an exception is on its way out, or Complete was forgotten)
/// deletes its unfinished file and never throws: a check or a failed flush there would replace
/// the real error (a full disk read "0 rows were written but the header declares N").
/// </summary>
public sealed class NpyWriter : IDisposable
{
    private readonly FileStream _stream;
    private long _written;
    private bool _done;

    private NpyWriter(string path, FileStream stream, long rows, int columns)
    {
        Path = path;
        _stream = stream;
        Rows = rows;
        Columns = columns;
    }

    public string Path { get; }
    public long Rows { get; }
    public int Columns { get; }

    public static NpyWriter Create(string path, long rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(NpyFormat.BuildHeader(rows, columns));
        return new NpyWriter(path, stream, rows, columns);
    }

    /// <summary>Appends whole rows (values.Length must be a multiple of Columns).</summary>
    public void WriteRows(ReadOnlySpan<float> values)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (values.Length % Columns != 0)
            throw new ArgumentException($"{values.Length} values are not a whole number of {Columns}-value rows", nameof(values));
        var count = values.Length / Columns;
        if (_written + count > Rows)
            throw new InvalidOperationException($"{System.IO.Path.GetFileName(Path)}: writing {count} more rows would exceed the declared {Rows}");
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            var tmp = new int[values.Length];
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), tmp);
            _stream.Write(MemoryMarshal.AsBytes(tmp.AsSpan()));
        }
        _written += count;
    }

    /// <summary>Flushes and closes; throws if fewer rows were written than declared.</summary>
    public void Complete()
    {
        if (_done) return;
        _done = true;
        _stream.Dispose();
        if (_written != Rows)
            throw new InvalidOperationException($"{System.IO.Path.GetFileName(Path)}: {_written} rows were written but the header declares {Rows}");
    }

    /// <summary>Closes the file; when <see cref="Complete"/> was not called, deletes it. Never throws.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        IO.UnfinishedFile.Discard(_stream, Path);
    }
}
