using System.Security.Cryptography;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// What a repository has published: every file under data/ and reports/, path -> SHA-256. Taken
/// before and after a bad-input run, the two must be equal (nothing published was changed,
/// added or removed).
/// </summary>
public static class PublishedFiles
{
    public static readonly string[] Folders = ["data", "reports"];

    public static SortedDictionary<string, string> Checksums(string root)
    {
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Folders)
        {
            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                sums[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        return sums;
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
