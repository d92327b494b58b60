using System.Text.Json;

namespace WeightSpace.Pipeline;

/// <summary>What a full check of the run-cache found.</summary>
public sealed record CacheCheckResult(int Entries, int ObjectsVerified, IReadOnlyList<string> Problems);

/// <summary>
/// Verifies the whole run-cache: every entry parses and every object it names exists and hashes to
/// its name. What the fault tests use to show no kill left a half-written object behind.
/// </summary>
public static class CacheCheck
{
    public static CacheCheckResult Run(ProjectPaths paths)
    {
        var problems = new List<string>();
        var objects = new ObjectStore(paths.Objects); // only for paths: its checks delete what they reject
        var entries = 0;
        var verified = new HashSet<string>(StringComparer.Ordinal);
        var damaged = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(paths.Runs))
            foreach (var file in Directory.EnumerateFiles(paths.Runs, "*.json").Order(StringComparer.Ordinal))
            {
                entries++;
                RunCacheEntry? entry;
                try
                {
                    entry = JsonSerializer.Deserialize<RunCacheEntry>(File.ReadAllText(file), LockJson.Options);
                }
                catch (JsonException)
                {
                    entry = null;
                }
                if (entry?.Outs is null || LockJson.Problem(entry.Outs) is not null)
                {
                    problems.Add($"{paths.Relative(file)}: unreadable run-cache entry");
                    continue;
                }
                foreach (var o in entry.Outs)
                {
                    var obj = objects.PathOf(o.Hash);
                    if (!File.Exists(obj)) problems.Add($"{paths.Relative(file)}: object for {o.Path} is missing");
                    else if (verified.Contains(o.Hash) || damaged.Contains(o.Hash)) continue;
                    else if (ContentHash.OfFile(obj) == o.Hash) verified.Add(o.Hash);
                    else
                    {
                        problems.Add($"{paths.Relative(obj)} ({o.Path}) does not match its hash");
                        damaged.Add(o.Hash);
                    }
                }
            }
        if (Directory.Exists(paths.Objects))
            foreach (var obj in Directory.EnumerateFiles(paths.Objects, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // Objects no entry names (older keys) are checked too: none may be partial.
                var name = Path.GetFileName(obj);
                if (verified.Contains(name) || damaged.Contains(name)) continue;
                if (ContentHash.OfFile(obj) == name) verified.Add(name);
                else problems.Add($"{paths.Relative(obj)} does not match its name (a partial or damaged object)");
            }
        return new CacheCheckResult(entries, verified.Count, problems);
    }
}
