namespace WeightSpace.Pipeline;

/// <summary>
/// A cache remote in a folder (a shared filesystem). Each file is written under a temporary name
/// beside its target and then renamed, so two machines pushing the same object at once leave one
/// whole file, and a reader never sees a partial one.
/// </summary>
public sealed class FolderRemote : ICacheRemote
{
    private readonly string _root;

    public FolderRemote(string root) => _root = Path.GetFullPath(root);

    public string Name => _root;

    public bool Exists(string path) => File.Exists(Full(path));

    public bool TryGet(string path, string file)
    {
        var source = Full(path);
        if (!File.Exists(source)) return false;
        Guarded("reading", path, () => WorkspaceFiles.Copy(source, file));
        return true;
    }

    public void Put(string file, string path)
    {
        var target = Full(path);
        var tmp = $"{target}.tmp-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Guarded("writing", path, () =>
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                WorkspaceFiles.Copy(file, tmp);
                File.Move(tmp, target, overwrite: true);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
        });
    }

    public void Delete(string path) => Guarded("deleting", path, () => File.Delete(Full(path)));

    /// <summary>The remote's folder must exist: a missing one is a mount that is not there, not an empty cache.</summary>
    private string Full(string path)
    {
        if (!Directory.Exists(_root)) throw new CacheRemoteException($"cache remote {_root} is not reachable: no such folder");
        return Path.Combine(_root, path);
    }

    private void Guarded(string doing, string path, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not CacheRemoteException)
        {
            throw new CacheRemoteException($"cache remote {_root}: {doing} {path} failed: {e.Message}", e);
        }
    }
}
