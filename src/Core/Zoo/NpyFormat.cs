using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// The parts of the .npy format (numpy NEP 1) that a zoo uses: a C-ordered 2-D little-endian
/// float32 array. Everything else is rejected with a message naming the file. The one place a
/// .npy header is read or written: <see cref="NpyReader"/>, <see cref="NpyWriter"/> and the tests'
/// hand-made files all go through it.
/// </summary>
internal static class NpyFormat
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    public const string Float32 = "<f4";

    /// <summary>The header numpy writes for a C-ordered float32 array of this shape: version 1.0,
    /// or 2.0 when the dict is too long for 1.0's 2-byte length field.</summary>
    public static byte[] BuildHeader(long rows, int columns)
    {
        var dict = Dict(rows, columns);
        return Frame(dict, dict.Length + 1 + 10 <= ushort.MaxValue ? 1 : 2);
    }

    /// <summary>numpy's header dict of a C-ordered float32 (rows, columns) array.</summary>
    public static string Dict(long rows, int columns) =>
        $"{{'descr': '{Float32}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}";

    /// <summary>
    /// The whole header around a dict's text, as numpy frames it: magic, version
    /// <paramref name="major"/>.0, the length field (2 bytes in 1.0, 4 in 2.0 and 3.0), the text
    /// padded with spaces and a newline so that the data starts at a multiple of 64 bytes. Any
    /// dict text is framed (tests write malformed ones through it).
    /// </summary>
    public static byte[] Frame(string dict, int major)
    {
        if (major is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(major), major, ".npy versions are 1.0, 2.0 and 3.0");
        var prefix = major == 1 ? 10 : 12;
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1; // 3.0 only changes the encoding
        var length = encoding.GetByteCount(dict);
        var padded = (prefix + length + 1 + 63) / 64 * 64;
        var header = new byte[padded];
        Magic.CopyTo(header);
        header[6] = (byte)major;
        header[7] = 0;
        var textLength = padded - prefix;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)textLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)textLength);
        encoding.GetBytes(dict, header.AsSpan(prefix));
        header.AsSpan(prefix + length, textLength - length - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
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
        if (shape[1] == 0)
            throw new ZooFormatException($"{name}: shape ({shape[0]}, 0) has no columns; expected at least one value per row");
        if (shape[1] > int.MaxValue / 4)
            throw new ZooFormatException($"{name}: {shape[1]} columns is too many");
        // Checked before multiplying: a huge shape would overflow the byte count.
        if (shape[0] > (long.MaxValue / sizeof(float)) / shape[1] || shape[0] * shape[1] * sizeof(float) > fileLength)
            throw new ZooFormatException($"{name}: truncated: shape ({shape[0]}, {shape[1]}) needs more data bytes than the whole file holds ({fileLength})");

        var dataOffset = lengthField + headerLength;
        var needed = shape[0] * shape[1] * sizeof(float);
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
