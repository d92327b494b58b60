namespace WeightSpace.Pipeline;

/// <summary>
/// The content-addressed cache of output files: data/.cache/objects/&lt;hash[0..2]&gt;/&lt;hash&gt;.
/// An object is trusted only after its content is hashed again: one that does not match its name
/// (a flipped byte, a half-written copy) is deleted and replaced, never kept.
/// </summary>
public sealed class ObjectStore(string folder)
{
    public string PathOf(string hash) => Path.Combine(folder, hash[..2], hash);

    /// <summary>Whether the store holds an object named <paramref name="hash"/> (not verified: for telling pipeline-made content, not for restoring it).</summary>
    public bool Has(string hash) => File.Exists(PathOf(hash));

    /// <summary>Copies <paramref name="file"/> in under <paramref name="hash"/>, unless a sound copy is already there.</summary>
    public void Store(string file, string hash)
    {
        var target = PathOf(hash);
        if (IsSound(hash)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            WorkspaceFiles.Copy(file, tmp);
            File.Move(tmp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Moves <paramref name="verified"/>, whose content the caller has hashed to <paramref name="hash"/>, into the store (same file system).</summary>
    public void Adopt(string verified, string hash)
    {
        var target = PathOf(hash);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(verified, target, overwrite: true);
    }

    /// <summary>Null if the object is present and its content has its hash; else what is wrong (a damaged object is deleted).</summary>
    public string? Problem(string hash)
    {
        var path = PathOf(hash);
        if (!File.Exists(path)) return "is missing";
        if (ContentHash.OfFile(path) == hash) return null;
        File.Delete(path);
        return "does not match its hash (deleted)";
    }

    private bool IsSound(string hash) => Problem(hash) is null;
}
