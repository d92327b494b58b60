namespace WeightSpace.Pipeline;

/// <summary>Listing, hashing and deleting the files behind a declared path (a file or a folder).</summary>
internal static class WorkspaceFiles
{
    /// <summary>Every file under a folder, build output excluded, in ordinal order.</summary>
    public static IEnumerable<string> Under(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>The files of one declared output in <paramref name="root"/>, hashed, with repo-relative paths.</summary>
    public static IEnumerable<HashedFile> Hashed(string root, string output)
    {
        var full = Path.Combine(root, output);
        if (File.Exists(full))
        {
            yield return new HashedFile(output, ContentHash.OfFile(full), new FileInfo(full).Length);
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return new HashedFile($"{output}/{Path.GetRelativePath(full, file).Replace('\\', '/')}", ContentHash.OfFile(file), new FileInfo(file).Length);
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
