using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

/// <summary>A throw-away repository folder (with the WeightSpace.sln marker) for pipeline tests.</summary>
public sealed class TempRepo : IDisposable
{
    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), $"weightspace-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "WeightSpace.sln"), "");
        Paths = new ProjectPaths(Root);
    }

    public string Root { get; }
    public ProjectPaths Paths { get; }

    public string Write(string relative, string text)
    {
        var full = Paths.Full(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        // Distinct mtimes even on coarse-grained file systems, so the stat cache sees the change.
        File.SetLastWriteTimeUtc(full, DateTime.UtcNow.AddSeconds(Interlocked.Increment(ref _tick)));
        return full;
    }

    public string Read(string relative) => File.ReadAllText(Paths.Full(relative));

    private static long _tick;

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
