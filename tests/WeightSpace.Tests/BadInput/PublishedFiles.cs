using WeightSpace.Pipeline;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// The checksum of every file under data/ and reports/ of a repository, for "nothing published
/// changed" assertions. The runner's own bookkeeping that every invocation may touch is left out:
/// the lock holder (data/.pipeline.pid*), the stat cache and scratch (data/.tmp).
/// </summary>
public static class PublishedFiles
{
    public static SortedDictionary<string, string> Checksums(ProjectPaths paths)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var top in new[] { paths.Data, paths.Full("reports") }.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(top, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                var relative = paths.Relative(file);
                if (relative.StartsWith("data/.pipeline.pid", StringComparison.Ordinal) || relative.StartsWith("data/.tmp/", StringComparison.Ordinal)
                    || file == paths.StatCache)
                    continue;
                result[relative] = ContentHash.OfFile(file);
            }
        return result;
    }

    /// <summary>Asserts that data/ and reports/ hold the same files with the same bytes as in <paramref name="before"/>.</summary>
    public static void AssertUnchanged(ProjectPaths paths, SortedDictionary<string, string> before)
    {
        var after = Checksums(paths);
        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).ToList();
        Assert.True(changed.Count == 0, $"published files changed: {string.Join(", ", changed)}");
    }

    /// <summary>Relative path -> SHA-256 of each file under data/ and reports/ of <paramref name="root"/>, leaving
    /// out the engine's dot-named state (the lock, the stat and code caches), which any command may touch.</summary>
    public static SortedDictionary<string, string> Checksums(string root)
    {
        var paths = new ProjectPaths(root);
        var all = Checksums(paths).Where(f => !f.Key.Split('/').Any(part => part.StartsWith('.')));
        return new SortedDictionary<string, string>(all.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal);
    }

    /// <summary>Asserts data/ and reports/ of <paramref name="root"/> hold exactly the files <paramref name="before"/> lists, unchanged.</summary>
    public static void AssertUnchanged(string root, IReadOnlyDictionary<string, string> before)
    {
        var after = Checksums(root);
        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).ToList();
        Assert.True(changed.Count == 0, $"published files changed: {string.Join(", ", changed)}");
    }

    /// <summary>A published-looking data/ and reports/ (a zoo, a report) for a test to guard.</summary>
    public static void Seed(string root)
    {
        foreach (var (path, text) in new[]
                 {
                     ("data/zoos/tetris-seed/weights.npy", "weights"),
                     ("data/ingest/tetris-seed.layout.csv", "layout"),
                     ("reports/metrics.json", "{\"metrics\": []}"),
                     ("reports/smoke/metrics.json", "{\"metrics\": []}"),
                 })
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }
}
