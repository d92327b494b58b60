using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// The parts of the .npy format (numpy NEP 1) that a zoo uses: a C-ordered 2-D little-endian
/// float32 array. Everything else is rejected with a message naming the file.
/// </summary>
internal static class NpyFormat
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    public const string Float32 = "<f4";

    /// <summary>Header text padded so that the data starts at a multiple of 64 bytes, as numpy does.</summary>
    public static byte[] BuildHeader(long rows, int columns)
    {
        var dict = $"{{'descr': '{Float32}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}";
        // Version 1.0 has a 2-byte length field; fall back to 2.0 (4 bytes) only for huge headers.
        var v1 = dict.Length + 1 + 10 <= ushort.MaxValue;
        var prefix = v1 ? 10 : 12;
        var padded = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var text = dict.PadRight(padded - prefix - 1) + "\n";
        var header = new byte[padded];
        Magic.CopyTo(header);
        header[6] = (byte)(v1 ? 1 : 2);
        header[7] = 0;
        if (v1) BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)text.Length);
        Encoding.Latin1.GetBytes(text, header.AsSpan(prefix));
        return header;
    }

    /// <summary>Reads and checks the header; returns the shape and where the data starts.</summary>
    public static (long Rows, int Columns, long DataOffset) ReadHeader(SafeFileHandle handle, string path)
    {
        var name = Path.GetFileName(path);
        var fileLength = RandomAccess.GetLength(handle);
        Span<byte> prefix = stackalloc byte[12];
        var got = RandomAccess.Read(handle, prefix, 0);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
            throw new ZooFormatException($"{name}: not a .npy file (the magic string \\x93NUMPY is missing)");
        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new ZooFormatException($"{name}: .npy version {major}.{minor} is not supported; expected 1.0, 2.0 or 3.0");
        long headerLength;
        int lengthField;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            lengthField = 10;
        }
        else
        {
            if (got < 12) throw new ZooFormatException($"{name}: the .npy header is truncated");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            lengthField = 12;
        }
        if (lengthField + headerLength > fileLength || headerLength > 1 << 20)
            throw new ZooFormatException($"{name}: the .npy header is truncated (it claims {headerLength} bytes)");

        var bytes = new byte[headerLength];
        if (RandomAccess.Read(handle, bytes, lengthField) != headerLength)
            throw new ZooFormatException($"{name}: the .npy header is truncated");
        // Version 3.0 only changes the header encoding to UTF-8.
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes);
        var dict = HeaderDict.Parse(text, name);

        if (!dict.TryGetValue("descr", out var descr) || descr is not string dtype)
            throw new ZooFormatException($"{name}: the .npy header has no 'descr' string");
        if (dtype != Float32)
            throw new ZooFormatException($"{name}: dtype '{dtype}' is not supported; expected '{Float32}'");
        if (!dict.TryGetValue("fortran_order", out var order) || order is not bool fortran)
            throw new ZooFormatException($"{name}: the .npy header has no 'fortran_order' True/False");
        if (fortran)
            throw new ZooFormatException($"{name}: fortran_order True is not supported; expected a C-ordered array (fortran_order False)");
        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not long[] shape)
            throw new ZooFormatException($"{name}: the .npy header has no 'shape' tuple");
        if (shape.Length != 2)
            throw new ZooFormatException($"{name}: shape ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}) has {shape.Length} dimensions; expected 2 (rows, parameters)");
        if (shape[1] > int.MaxValue / 4)
            throw new ZooFormatException($"{name}: {shape[1]} columns is too many");

        var dataOffset = lengthField + headerLength;
        var needed = checked(shape[0] * shape[1] * sizeof(float));
        if (fileLength - dataOffset < needed)
            throw new ZooFormatException($"{name}: truncated: shape ({shape[0]}, {shape[1]}) needs {needed} data bytes but the file holds {fileLength - dataOffset}");
        if (fileLength - dataOffset > needed)
            throw new ZooFormatException($"{name}: {fileLength - dataOffset - needed} bytes follow the data that shape ({shape[0]}, {shape[1]}) declares; the shape or the file is wrong");
        return (shape[0], (int)shape[1], dataOffset);
    }

    /// <summary>
    /// A parser for the one Python literal numpy writes: a dict of string keys to strings,
    /// True/False, or tuples of integers.
    /// </summary>
    private sealed class HeaderDict(string text, string file)
    {
        private int _pos;

        public static Dictionary<string, object> Parse(string text, string file) => new HeaderDict(text, file).ParseDict();

        private Dictionary<string, object> ParseDict()
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; return result; }
                var key = ParseString();
                Expect(':');
                result[key] = ParseValue();
                SkipSpace();
                if (Peek() == ',') _pos++;
                else if (Peek() != '}') throw Error($"expected ',' or '}}' at position {_pos}");
            }
        }

        private object ParseValue()
        {
            SkipSpace();
            var c = Peek();
            if (c is '\'' or '"') return ParseString();
            if (c == '(') return ParseTuple();
            if (Remaining.StartsWith("True", StringComparison.Ordinal)) { _pos += 4; return true; }
            if (Remaining.StartsWith("False", StringComparison.Ordinal)) { _pos += 5; return false; }
            throw Error($"unexpected value at position {_pos}");
        }

        private long[] ParseTuple()
        {
            Expect('(');
            var items = new List<long>();
            while (true)
            {
                SkipSpace();
                if (Peek() == ')') { _pos++; return [.. items]; }
                var start = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
                if (!long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    throw Error($"expected an integer in the shape at position {start}");
                items.Add(n);
                SkipSpace();
                if (Peek() == ',') _pos++;
                else if (Peek() != ')') throw Error($"expected ',' or ')' in the shape at position {_pos}");
            }
        }

        private string ParseString()
        {
            SkipSpace();
            var quote = Peek();
            if (quote is not ('\'' or '"')) throw Error($"expected a quoted string at position {_pos}");
            var end = text.IndexOf(quote, _pos + 1);
            if (end < 0) throw Error("unterminated string");
            var s = text[(_pos + 1)..end];
            _pos = end + 1;
            return s;
        }

        private ReadOnlySpan<char> Remaining => text.AsSpan(_pos);
        private char Peek() => _pos < text.Length ? text[_pos] : '\0';
        private void SkipSpace() { while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++; }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c) throw Error($"expected '{c}' at position {_pos}");
            _pos++;
        }

        private ZooFormatException Error(string what) => new($"{file}: malformed .npy header ({what}): {text.TrimEnd()}");
    }
}

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

/// <summary>
/// Writes a 2-D float32 .npy file row block by row block. The shape is fixed up front; the row
/// count actually written is checked by <see cref="Complete"/> (or by Dispose when Complete was
/// not called), so a short file never passes silently.
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

    public void Dispose() => Complete();
}
