namespace WeightSpace.Pipeline;

/// <summary>
/// One runner at a time per data folder. Holds an exclusive lock (flock, released by the OS even
/// if the process is killed) on data/.pipeline.pid; a second run waits up to a timeout, saying
/// who holds it, then stops with a clear message. Nothing is written before the lock is held.
/// Only a real conflict (flock's EWOULDBLOCK) counts as held: any other error taking the lock (a
/// full disk, a read-only data/, no permission) is reported at once with the OS's reason and the path.
/// Cluster jobs, each bringing one stage up to date, hold it shared:
/// many jobs at once, never beside a local run, and each job also holds its stage's own lock exclusively.
/// </summary>
public sealed class PipelineMutex : IDisposable
{
    private readonly FileStream _stream;

    private PipelineMutex(FileStream stream) => _stream = stream;

    /// <param name="shared">Hold it shared with other shared holders (flock LOCK_SH: .NET takes it for a read-only open that shares), exclusive of any exclusive one.</param>
    public static PipelineMutex Acquire(string path, TimeSpan timeout, Action<string> log, CancellationToken cancel = default, bool shared = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        var told = false;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var stream = shared
                    ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite)
                    : new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                try
                {
                    // The locked file cannot be read by others, so who holds it goes beside it.
                    File.WriteAllText(path + ".holder", $"pid {Environment.ProcessId}, started {DateTimeOffset.UtcNow:u}");
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
                return new PipelineMutex(stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !IsHeld(e))
            {
                throw new IOException($"cannot take the data-folder lock {path}: {Reason(e)}; nothing was run", e);
            }
            catch (IOException)
            {
                if (DateTime.UtcNow >= deadline)
                    throw new PipelineBusyException(
                        $"another WeightSpace run holds {path} ({HolderText(path)}); waited {timeout.TotalSeconds:0} s. " +
                        "Wait for it to finish, or raise --wait=<seconds>.");
                if (!told)
                {
                    log($"waiting for another WeightSpace run to finish ({HolderText(path)}) ...");
                    told = true;
                }
                cancel.ThrowIfCancellationRequested();
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>Who holds the lock now ("pid N, started T"), or null when no run holds it.</summary>
    public static string? Holder(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            // Taking the lock for an instant is the only sure test; a run starting meanwhile just retries.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return null;
        }
        catch (IOException e) when (IsHeld(e))
        {
            return HolderText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or unreadable data folder: no run can hold it (none can take it either).
            return null;
        }
    }

    // EWOULDBLOCK (EAGAIN) on Linux: flock found the lock taken. .NET reports it as an IOException
    // whose HResult is the errno; every other errno is another fault.
    private const int EWouldBlock = 11;

    private static bool IsHeld(Exception e) => e is IOException { HResult: EWouldBlock } && e.GetType() == typeof(IOException);

    /// <summary>The OS's reason, as .NET words it ("No space left on device : 'path'", "Read-only file system : 'path'", ...).</summary>
    private static string Reason(Exception e) => e.Message.TrimEnd('.');

    private static string HolderText(string path)
    {
        try
        {
            return File.ReadAllText(path + ".holder");
        }
        catch (IOException)
        {
            return "holder unknown";
        }
    }

    public void Dispose() => _stream.Dispose();
}
