namespace WeightSpace.Pipeline;

/// <summary>Listing, hashing and deleting the files behind a declared path (a file or a folder).</summary>
internal static class WorkspaceFiles
{
    /// <summary>
    /// Every file under a folder, in ordinal order, wherever the folder is (a path holding /bin/ or
    /// /obj/ is data like any other). Links to files are followed (a data set may be a farm of
    /// links); links to folders never are: they can lead out of the folder, or round in a loop
    /// (a link to "."), and the folder a link names is listed where it really is, or not at all.
    /// </summary>
    /// <param name="keep">Which file names to list (null: every file): the files a stage reads.</param>
    public static IEnumerable<string> Under(string folder, IReadOnlySet<string>? keep = null)
    {
        var files = new List<string>();
        var seen = new HashSet<(ulong, ulong)>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(folder));
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            // A bind mount can loop without a link: a folder already listed is not listed again.
            if (FileIdentity.Of(dir.FullName) is var id && id != (0, 0) && !seen.Add(id)) continue;
            foreach (var entry in dir.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo sub)
                {
                    if (sub.LinkTarget is null) pending.Push(sub);
                }
                else if (keep is null || keep.Contains(entry.Name))
                {
                    // A dangling link names no file: nothing the stage can read is behind it.
                    if (entry.LinkTarget is null || File.Exists(entry.FullName)) files.Add(entry.FullName);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The files of one declared output in <paramref name="root"/>, hashed, with repo-relative paths.</summary>
    public static IEnumerable<HashedFile> Hashed(string root, string output)
    {
        var full = Path.Combine(root, output);
        if (File.Exists(full))
        {
            yield return new HashedFile(output, ContentHash.OfFile(full), new FileInfo(full).Length);
            yield break;
        }
        foreach (var file in Under(full))
            yield return new HashedFile($"{output}/{Path.GetRelativePath(full, file).Replace('\\', '/')}", ContentHash.OfFile(file), new FileInfo(file).Length);
    }

    /// <summary>Copies a file; an error names the file being written (a full disk's bare "No space left on device" does not).</summary>
    public static void Copy(string source, string destination)
    {
        try
        {
            File.Copy(source, destination);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write {destination}: {e.Message}", e);
        }
    }

    /// <summary>Whether two existing paths are on one file system, so a rename between them is atomic (unknown: no).</summary>
    public static bool SameFileSystem(string a, string b)
    {
        var device = FileIdentity.Of(a).Device;
        return device != 0 && device == FileIdentity.Of(b).Device;
    }

    /// <summary>The marker in the names of <see cref="PublishingName"/>: what a killed run leaves with it is removed by the next.</summary>
    public const string PublishingMarker = ".ws-publishing-";

    /// <summary>A new temporary name beside <paramref name="target"/>, on its file system (hidden: a leading dot).</summary>
    public static string PublishingName(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}{PublishingMarker}{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>
    /// Copies a finished output (a file or a folder) from scratch to a new temporary name beside
    /// <paramref name="target"/>, from where a rename publishes it atomically; returns that name.
    /// </summary>
    public static string CopyBeside(string source, string target)
    {
        var copy = PublishingName(target);
        try
        {
            if (File.Exists(source))
            {
                Copy(source, copy);
                return copy;
            }
            Directory.CreateDirectory(copy);
            foreach (var file in Under(source))
            {
                var to = Path.Combine(copy, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                Copy(file, to);
            }
            return copy;
        }
        catch
        {
            DeleteQuietly(copy);
            throw;
        }
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // Scratch left behind is harmless: it is never read, and Clean removes it.
        }
    }
}
