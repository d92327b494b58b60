namespace WeightSpace.Pipeline;

/// <summary>
/// The pipeline's own bookkeeping paths (cache, lock, scratch) under the repository root. The
/// artifacts stages exchange are the host's: it names them in one place of its own, repo-relative
/// with '/' separators, which is how stages declare them and how the lock file records them.
/// </summary>
public sealed class ProjectPaths
{
    public ProjectPaths(string root) => Root = Path.GetFullPath(root);

    /// <summary>The repository root: the folder that holds the solution file.</summary>
    public string Root { get; }

    public string Params => Full("params.json");
    public string Data => Full("data");
    public string Cache => Full("data/.cache");
    /// <summary>Content-addressed output files: objects/&lt;hash[0..2]&gt;/&lt;hash&gt;.</summary>
    public string Objects => Full("data/.cache/objects");
    /// <summary>Run-cache entries: runs/&lt;key&gt;.json lists the output hashes of one stage run.</summary>
    public string Runs => Full("data/.cache/runs");
    /// <summary>(size, mtime) -> hash of workspace files, so unchanged large inputs are not re-hashed.</summary>
    public string StatCache => Full("data/.cache/stat-cache.json");
    /// <summary>Where a running stage writes; published from here only when it succeeds.</summary>
    public string Scratch => Full("data/.tmp");
    /// <summary>Like dvc.lock: per stage the key, params, input/code/output hashes and duration.</summary>
    public string LockFile => Full("data/pipeline.lock.json");
    /// <summary>Held (flock) by the one runner that may touch data/ at a time.</summary>
    public string RunMutex => Full("data/.pipeline.pid");

    /// <summary>A run-cache entry's path on a cache remote (<see cref="ICacheRemote"/>), as locally: runs/&lt;key&gt;.json.</summary>
    public static string RemoteRun(string key) => $"runs/{key}.json";

    /// <summary>An object's path on a cache remote, as locally: objects/&lt;hash[0..2]&gt;/&lt;hash&gt;.</summary>
    public static string RemoteObject(string hash) => $"objects/{hash[..2]}/{hash}";

    public string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    /// <summary>Walks up from <paramref name="start"/> to the first folder holding a solution file (*.sln).</summary>
    public static ProjectPaths Discover(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (dir.EnumerateFiles("*.sln").Any())
                return new ProjectPaths(dir.FullName);
        throw new DirectoryNotFoundException($"no solution file (*.sln) found in '{start}' or any parent folder; run from inside the repository or pass --root");
    }
}
