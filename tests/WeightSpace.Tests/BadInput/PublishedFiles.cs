using System.Security.Cryptography;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// Checksums of every file under a repository's data/ and reports/: a failed command must leave
/// them as they were. The engine's own state there (dot-named: the lock, the stat and code caches)
/// is not published and may change.
/// </summary>
public static class PublishedFiles
{
    /// <summary>Relative path -> SHA-256 of each file under data/ and reports/ of <paramref name="root"/>.</summary>
    public static IReadOnlyDictionary<string, string> Checksums(string root)
    {
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "data", "reports" })
        {
            var full = Path.Combine(root, folder);
            if (!Directory.Exists(full)) continue;
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                         .Where(f => !Path.GetRelativePath(root, f).Split('/').Any(part => part.StartsWith('.'))))
                sums[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        return sums;
    }

    /// <summary>Asserts data/ and reports/ of <paramref name="root"/> hold exactly the files <paramref name="before"/> lists, unchanged.</summary>
    public static void AssertUnchanged(string root, IReadOnlyDictionary<string, string> before)
    {
        var after = Checksums(root);
        var changed = before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b).ToList();
        Assert.True(changed.Count == 0, $"published files changed: {string.Join(", ", changed)}");
    }
}
