using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeightSpace.Core.Pipeline;

/// <summary>A file (or a file inside a folder output) with its content hash.</summary>
public sealed record HashedFile(string Path, string Hash, long Size);

/// <summary>
/// Everything a stage's result depends on. Its canonical JSON hashed is the stage key (the
/// run-cache key): same stage, same params slice, same inputs, same code => same outputs.
/// </summary>
public sealed record StageFingerprint(
    string Stage,
    SortedDictionary<string, JsonNode?> Params,
    IReadOnlyList<HashedFile> Deps,
    IReadOnlyList<HashedFile> Code,
    IReadOnlyList<string> Outs)
{
    public string Key() => ContentHash.OfText(JsonSerializer.Serialize(this, LockJson.Options));
}

/// <summary>One stage's entry in data/pipeline.lock.json (compare dvc.lock).</summary>
public sealed record LockEntry(
    string Key,
    StageFingerprint Fingerprint,
    IReadOnlyList<HashedFile> Outs,
    double DurationSeconds,
    string Profile,
    DateTimeOffset FinishedAt,
    string Origin);

/// <summary>data/pipeline.lock.json: the last published state of every stage.</summary>
public sealed class LockFile
{
    public SortedDictionary<string, LockEntry> Stages { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Reads the lock. A damaged file or entry is reported in one line naming it and
    /// discarded (that stage is then checked against the run-cache); the run goes on.</summary>
    public static LockFile Load(string path, Action<string>? warn = null)
    {
        warn ??= Console.Error.WriteLine;
        var result = new LockFile();
        if (!File.Exists(path)) return result;
        JsonObject? stages;
        try
        {
            stages = JsonNode.Parse(File.ReadAllText(path)) is JsonObject root && root["stages"] is JsonObject s ? s : null;
        }
        catch (JsonException e)
        {
            warn($"warning: {path} is unreadable ({e.Message}); treating every stage as not yet run");
            return result;
        }
        if (stages is null)
        {
            warn($"warning: {path} has no \"stages\" object; treating every stage as not yet run");
            return result;
        }
        foreach (var (name, node) in stages)
        {
            var entry = Entry(node, out var problem);
            if (entry is not null) result.Stages[name] = entry;
            else warn($"warning: {path}: entry '{name}' is damaged ({problem}); discarding it");
        }
        return result;
    }

    private static LockEntry? Entry(JsonNode? node, out string problem)
    {
        LockEntry? entry;
        try
        {
            entry = node.Deserialize<LockEntry>(LockJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problem = e.Message;
            return null;
        }
        problem = LockJson.Problem(entry) ?? "";
        return problem.Length == 0 ? entry : null;
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, LockJson.Options));
}

/// <summary>A run-cache entry: data/.cache/runs/&lt;key&gt;.json, the outputs one key produced.</summary>
public sealed record RunCacheEntry(string Key, string Stage, IReadOnlyList<HashedFile> Outs, double DurationSeconds);

internal static class LockJson
{
    /// <summary>What is missing from a deserialized lock entry (System.Text.Json leaves absent members null), or null if whole.</summary>
    public static string? Problem(LockEntry? e) =>
        e is null ? "null"
        : !IsHash(e.Key) ? "no key"
        : e.Fingerprint is null || e.Fingerprint.Stage is null || e.Fingerprint.Params is null ? "no fingerprint"
        : Problem(e.Fingerprint.Deps) ?? Problem(e.Fingerprint.Code) ?? Problem(e.Outs)
        ?? (e.Fingerprint.Outs is null || e.Fingerprint.Outs.Any(o => o is null) ? "no declared outputs" : null);

    public static string? Problem(IReadOnlyList<HashedFile>? files) =>
        files is null ? "a file list is missing"
        : files.FirstOrDefault(f => f is null || f.Path is null || !IsHash(f.Hash)) is { } bad ? $"file entry {bad?.Path ?? "null"} has no valid hash"
        : null;

    public static bool IsHash(string? hash) => hash is { Length: 32 } && hash.All(char.IsAsciiHexDigitLower);

    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
