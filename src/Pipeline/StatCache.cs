using System.Text.Json;

namespace WeightSpace.Pipeline;

/// <summary>
/// Remembers the hash of each workspace file by (size, mtime, device and inode), so a no-op run
/// does not re-read large unchanged inputs (the fault of treeverse/dvc#10691), while a file
/// replaced by another of the same size and time is still re-hashed. Saved atomically; a missing
/// or unreadable cache (or one written before inodes were recorded) only costs re-hashing.
/// The trade-off: an in-place edit that keeps size, mtime and inode goes unnoticed; a cache loaded
/// with verify re-hashes every file once (`run --verify`, `status --verify`).
/// </summary>
public sealed class StatCache
{
    private readonly string _path;
    private readonly Dictionary<string, Entry> _entries;
    private readonly bool _verify;
    private readonly HashSet<string> _verified = new(StringComparer.Ordinal);
    private bool _dirty;

    private StatCache(string path, Dictionary<string, Entry> entries, bool verify)
    {
        _path = path;
        _entries = entries;
        _verify = verify;
    }

    /// <param name="verify">Trust no entry: hash every file once, in full, the first time it is asked for.</param>
    public static StatCache Load(string path, bool verify = false)
    {
        try
        {
            if (File.Exists(path))
                return new StatCache(path, JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path)) ?? [], verify);
        }
        catch (JsonException)
        {
            // A damaged stat cache is only a cache: start over.
        }
        return new StatCache(path, [], verify);
    }

    /// <summary>Where "hashing a large file" progress goes (none: silent).</summary>
    public Action<string>? Progress { get; set; }

    /// <summary>Files whose hash was taken from the cache by size, mtime and inode, not read (0 with verify).</summary>
    public int FilesTrusted => _trusted.Count;

    private readonly HashSet<string> _trusted = new(StringComparer.Ordinal);

    public string HashOf(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (!info.Exists) throw new FileNotFoundException($"'{fullPath}' does not exist", fullPath);
        var ticks = info.LastWriteTimeUtc.Ticks;
        var (device, inode) = FileIdentity.Of(fullPath);
        if ((!_verify || _verified.Contains(fullPath)) && _entries.TryGetValue(fullPath, out var e) && e.Size == info.Length && e.MtimeTicks == ticks && e.Device == device && e.Inode == inode)
        {
            if (!_verify) _trusted.Add(fullPath);
            return e.Hash;
        }
        var hash = HashReporting(fullPath, info.Length);
        _verified.Add(fullPath);
        FilesHashed++;
        _entries[fullPath] = new Entry(info.Length, ticks, hash, device, inode);
        _dirty = true;
        return hash;
    }

    /// <summary>
    /// Hashes a file; one that takes long (a large download, a slow disk) says so every few seconds,
    /// so a run is never silent for minutes.
    /// </summary>
    private string HashReporting(string fullPath, long size)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var next = ReportAfter;
        return ContentHash.OfFile(fullPath, done =>
        {
            if (Progress is null || clock.Elapsed < next) return;
            next = clock.Elapsed + ReportEvery;
            Progress($"hashing {fullPath}: {done / 1e9:0.0} of {size / 1e9:0.0} GB ({(size == 0 ? 100 : 100.0 * done / size):0}%), {clock.Elapsed.TotalSeconds:0} s so far");
        });
    }

    private static readonly TimeSpan ReportAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);

    /// <summary>Records a hash the caller just computed for a file it just wrote.</summary>
    public void Remember(string fullPath, string hash)
    {
        var info = new FileInfo(fullPath);
        var (device, inode) = FileIdentity.Of(fullPath);
        _entries[fullPath] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, hash, device, inode);
        _verified.Add(fullPath);
        _dirty = true;
    }

    /// <summary>Files this instance read and hashed because the cache could not answer (what a no-op run keeps at 0).</summary>
    public int FilesHashed { get; private set; }

    public void Save()
    {
        if (!_dirty) return;
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(_entries));
        _dirty = false;
    }

    /// <summary>A file's hash and the stat fields it was taken at; Device and Inode are 0 in caches written before they were recorded.</summary>
    public sealed record Entry(long Size, long MtimeTicks, string Hash, ulong Device = 0, ulong Inode = 0);
}
