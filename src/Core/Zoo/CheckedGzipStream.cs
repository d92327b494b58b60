using System.Buffers.Binary;
using System.IO.Compression;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// A gzip file read for decompression that notices truncation. .NET's GZipStream reports the end
/// of a cut-off file as a normal end of stream, so a truncated metrics.csv.gz would look like a
/// short last row ("column missing"). Here the decompressed length is compared at the end with the
/// gzip trailer's ISIZE (length mod 2^32), and the magic bytes are checked up front. A file of
/// several gzip members (bgzip, concatenated files) has only the last member's length there, so it
/// is refused with a hint to recompress it; pandas and Python's gzip write one member.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private readonly GZipStream _inner;
    private readonly string _name;
    private readonly uint _expectedLength;
    private long _length;

    private CheckedGzipStream(GZipStream inner, string name, uint expectedLength)
    {
        _inner = inner;
        _name = name;
        _expectedLength = expectedLength;
    }

    /// <exception cref="ZooFormatException">the file is not gzip.</exception>
    public static Stream Open(string path)
    {
        var name = Path.GetFileName(path);
        var file = File.OpenRead(path);
        try
        {
            Span<byte> head = stackalloc byte[2];
            Span<byte> tail = stackalloc byte[4];
            if (file.Length == 0)
                throw new ZooFormatException($"{name}: the file is empty (0 bytes); expected gzip-compressed CSV");
            // Smallest gzip member: 10-byte header, an empty deflate block, 8-byte trailer.
            if (file.Length < 18 || file.Read(head) != 2 || head[0] != 0x1f || head[1] != 0x8b)
                throw new ZooFormatException($"{name}: not a gzip file (it does not start with the gzip magic bytes 1f 8b)");
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(tail);
            file.Seek(0, SeekOrigin.Begin);
            return new CheckedGzipStream(new GZipStream(file, CompressionMode.Decompress), name, BinaryPrimitives.ReadUInt32LittleEndian(tail));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        _length += n;
        if (n == 0 && buffer.Length > 0 && (uint)_length != _expectedLength)
            throw new ZooFormatException($"{_name}: truncated or damaged gzip file: it decompresses to {_length} bytes but its trailer records {_expectedLength} "
                + "(a file of several concatenated gzip members also reads so: recompress it as one, e.g. `zcat in.gz | gzip > out.gz`)");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
