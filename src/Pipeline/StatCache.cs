using System.Text.Json;

namespace WeightSpace.Pipeline;

/// <summary>
/// Remembers the hash of each workspace file by (size, mtime, device and inode), so a no-op run
/// does not re-read large unchanged inputs (the fault of treeverse/dvc#10691), while a file
/// replaced by another of the same size and time is still re-hashed. Saved atomically; a missing
/// or unreadable cache (or one written before inodes were recorded) only costs re-hashing.
/// </summary>
public sealed class StatCache
{
    private readonly string _path;
    private readonly Dictionary<string, Entry> _entries;
    private bool _dirty;

    private StatCache(string path, Dictionary<string, Entry> entries)
    {
        _path = path;
        _entries = entries;
    }

    public static StatCache Load(string path)
    {
        try
        {
            if (File.Exists(path))
                return new StatCache(path, JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path)) ?? []);
        }
        catch (JsonException)
        {
            // A damaged stat cache is only a cache: start over.
        }
        return new StatCache(path, []);
    }

    public string HashOf(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (!info.Exists) throw new FileNotFoundException($"'{fullPath}' does not exist", fullPath);
        var ticks = info.LastWriteTimeUtc.Ticks;
        var (device, inode) = FileIdentity.Of(fullPath);
        if (_entries.TryGetValue(fullPath, out var e) && e.Size == info.Length && e.MtimeTicks == ticks && e.Device == device && e.Inode == inode)
            return e.Hash;
        var hash = ContentHash.OfFile(fullPath);
        FilesHashed++;
        _entries[fullPath] = new Entry(info.Length, ticks, hash, device, inode);
        _dirty = true;
        return hash;
    }

    /// <summary>Records a hash the caller just computed for a file it just wrote.</summary>
    public void Remember(string fullPath, string hash)
    {
        var info = new FileInfo(fullPath);
        var (device, inode) = FileIdentity.Of(fullPath);
        _entries[fullPath] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, hash, device, inode);
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
