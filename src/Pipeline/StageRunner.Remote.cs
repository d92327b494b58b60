using System.Text.Json;

namespace WeightSpace.Pipeline;

/// <summary>What one pull or push moved: run-cache entries, objects, bytes; and what it left.</summary>
public sealed record RemoteTransfer(int Entries, int Objects, long Bytes, int Skipped);

/// <summary>
/// Sharing the run-cache through an <see cref="ICacheRemote"/>. A pull fetches, for each stage of
/// the graph that is not up to date, the entry of its key and that entry's objects, verifies each
/// object's content hash, and only then puts them into the local cache: the ordinary restore does
/// the rest. A push uploads the entries and objects of the keys this checkout has in its cache.
/// </summary>
public sealed partial class StageRunner
{
    /// <summary>
    /// Fetches what the remote has for <paramref name="stages"/> (in dependency order: a
    /// stage's key is known once its upstream is restorable). An object whose content does not
    /// match its hash (corrupted, truncated) is refused, deleted from the remote so a later push
    /// heals it, and its stage left to compute. <see cref="CacheRemoteException"/> when the remote
    /// cannot be reached.
    /// </summary>
    public RemoteTransfer Pull(ICacheRemote remote, IEnumerable<IStage> stages)
    {
        int entries = 0, objects = 0, missing = 0;
        long bytes = 0;
        foreach (var stage in stages)
        {
            _stop.Token.ThrowIfCancellationRequested();
            var check = Check(stage);
            if (check.State != StageState.MustRun || check.Fingerprint is null) continue;
            var pulled = PullEntry(remote, stage, check.Fingerprint.Key());
            if (pulled is null)
            {
                missing++;
                continue;
            }
            entries++;
            objects += pulled.Value.Objects;
            bytes += pulled.Value.Bytes;
            // This stage is restorable now, so the keys of the stages downstream of it can be known.
            _checks.Clear();
        }
        return new RemoteTransfer(entries, objects, bytes, missing);
    }

    /// <summary>
    /// Uploads the run-cache entry and objects of every stage of <paramref name="stages"/> whose
    /// current key the local run-cache holds (each object verified first), objects before
    /// their entry, so a remote entry always has its objects. What the remote has is not sent again.
    /// </summary>
    public RemoteTransfer Push(ICacheRemote remote, IEnumerable<IStage> stages)
    {
        int entries = 0, objects = 0, present = 0;
        long bytes = 0;
        foreach (var stage in stages)
        {
            _stop.Token.ThrowIfCancellationRequested();
            var check = Check(stage);
            if (check.State == StageState.MustRun || check.Fingerprint is null) continue;
            var key = check.Fingerprint.Key();
            var entry = _runs.Read(key, out var problem);
            if (entry is null)
            {
                _log($"[{stage.Name}] not pushed: the local run-cache entry {key[..12]} is damaged ({problem}); discarded");
                continue;
            }
            foreach (var file in entry.Outs.DistinctBy(f => f.Hash))
            {
                var path = ProjectPaths.RemoteObject(file.Hash);
                if (remote.Exists(path)) continue;
                remote.Put(_objects.PathOf(file.Hash), path);
                objects++;
                bytes += file.Size;
            }
            var runPath = ProjectPaths.RemoteRun(key);
            if (remote.Exists(runPath))
            {
                present++;
                continue;
            }
            remote.Put(_runs.PathOf(key), runPath);
            entries++;
        }
        return new RemoteTransfer(entries, objects, bytes, present);
    }

    /// <summary>The remote's entry for <paramref name="key"/> and its objects into the local cache, each object verified; null if the remote has no whole, sound entry.</summary>
    private (int Objects, long Bytes)? PullEntry(ICacheRemote remote, IStage stage, string key)
    {
        Directory.CreateDirectory(_paths.Scratch);
        var download = Path.Combine(_paths.Scratch, $"pull-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            if (!remote.TryGet(ProjectPaths.RemoteRun(key), download)) return null;
            RunCacheEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<RunCacheEntry>(File.ReadAllText(download), LockJson.Options);
                File.Delete(download); // the objects come through the same name
            }
            catch (JsonException)
            {
                entry = null;
            }
            if (entry is null || entry.Key != key || entry.Stage != stage.Name || LockJson.Problem(entry.Outs) is not null)
            {
                _log($"[{stage.Name}] refused the remote run-cache entry {key[..12]}: it does not parse whole or names another key; the stage computes");
                return null;
            }
            int objects = 0;
            long bytes = 0;
            foreach (var file in entry.Outs.DistinctBy(f => f.Hash))
            {
                if (_objects.Problem(file.Hash) is null) continue;
                var path = ProjectPaths.RemoteObject(file.Hash);
                if (!remote.TryGet(path, download))
                {
                    _log($"[{stage.Name}] the remote entry {key[..12]} has no object for {file.Path} ({path}); the stage computes");
                    return null;
                }
                var size = new FileInfo(download).Length;
                if (size != file.Size || ContentHash.OfFile(download) != file.Hash)
                {
                    File.Delete(download);
                    remote.Delete(path);
                    _log($"[{stage.Name}] refused remote object {path} for {file.Path}: " +
                        (size != file.Size ? $"{size} bytes instead of {file.Size} (truncated)" : "its content does not match its hash (corrupted)") +
                        "; deleted from the remote (a push replaces it), never used; the stage computes");
                    return null;
                }
                _objects.Adopt(download, file.Hash);
                objects++;
                bytes += size;
            }
            _runs.Write(entry);
            _log($"[{stage.Name}] pulled run-cache entry {key[..12]} and {objects} object(s) ({Bytes(bytes)})");
            return (objects, bytes);
        }
        finally
        {
            WorkspaceFiles.DeleteQuietly(download);
        }
    }

    /// <summary>A byte count for progress lines: 1.2 MB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} kB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GB",
    };
}
