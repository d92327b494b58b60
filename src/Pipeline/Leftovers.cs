namespace WeightSpace.Pipeline;

/// <summary>The housekeeping after an interrupted run: scratch and unfinished temporary files.</summary>
public static class Leftovers
{
    /// <summary>
    /// Removes what a killed or stopped run left behind: its scratch folders and the temporary
    /// files of unfinished writes (objects, entries, the lock file), and the copies and old folders
    /// of a publish cut short beside the declared <paramref name="outputs"/> (when scratch is on
    /// another file system than they are). Call only while holding the <see cref="PipelineMutex"/>:
    /// then no other runner can be using them.
    /// </summary>
    public static int RemoveLeftovers(ProjectPaths paths, IEnumerable<string> outputs)
    {
        var removed = 0;
        if (Directory.Exists(paths.Scratch))
            foreach (var entry in Directory.EnumerateFileSystemEntries(paths.Scratch))
                removed += Delete(entry);
        foreach (var folder in new[] { paths.Objects, paths.Runs, Path.GetDirectoryName(paths.LockFile)! }.Where(Directory.Exists))
            foreach (var tmp in Directory.EnumerateFiles(folder, "*.tmp-*", folder == paths.Objects ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
                removed += Delete(tmp);
        foreach (var folder in outputs.Select(o => Path.GetDirectoryName(paths.Full(o))!).Distinct().Where(Directory.Exists))
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder, $".*{WorkspaceFiles.PublishingMarker}*"))
                removed += Delete(entry);
        return removed;
    }

    /// <summary>
    /// This process's scratch folders: what a stop removes before exiting. A stage abandoned by
    /// the stop may still be writing into its scratch (a writer creating its next file), so a
    /// removal that raced such a write is tried again until nothing of this process is left.
    /// </summary>
    public static bool RemoveScratchOf(ProjectPaths paths, int processId)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var entries = Directory.Exists(paths.Scratch) ? Directory.GetFileSystemEntries(paths.Scratch, $"*-{processId}-*") : [];
            if (entries.Length == 0) return true;
            foreach (var entry in entries) Delete(entry);
            if (attempt > 0) Thread.Sleep(25);
        }
        return false;
    }

    private static int Delete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else File.Delete(path);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
