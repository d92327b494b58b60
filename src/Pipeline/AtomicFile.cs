namespace WeightSpace.Pipeline;

/// <summary>Write-then-rename, so a reader sees the old file or the new one, never half of one.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, path, overwrite: true);
        }
        catch (IOException e)
        {
            // A full disk may surface without the path (when the file is closed): name it.
            throw new IOException($"cannot write {path}: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
