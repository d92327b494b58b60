namespace WeightSpace.Core.Zoo;

/// <summary>
/// A file stream whose async reads and writes run synchronously on the calling thread. Parquet.Net
/// awaits every page; on a plain FileStream those awaits resume on thread-pool threads, so the page
/// buffers it rents from ArrayPool.Shared (16 MB for a CNN row group's weights) are returned into
/// other threads' pool slots than they were rented from, and the next row group rents a fresh one:
/// garbage per row group, which the GC let grow with the zoo. On one thread the same buffer comes back
/// every time. The bytes read or written are the same.
/// </summary>
internal sealed class SynchronousFileStream(string path, FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 1 << 20)
    : FileStream(path, mode, access, share, bufferSize, FileOptions.None)
{
    public static SynchronousFileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return Task.CompletedTask;
    }

    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CopyTo(destination, bufferSize);
        return Task.CompletedTask;
    }
}
