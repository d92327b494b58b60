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
    IReadOnlyList<string> Outs,
    IReadOnlyDictionary<string, string>? Math = null) // the reproducible-math pins in force (ReproducibleMath)
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

    public static LockFile Load(string path)
    {
        if (!File.Exists(path)) return new LockFile();
        try
        {
            return JsonSerializer.Deserialize<LockFile>(File.ReadAllText(path), LockJson.Options) ?? new LockFile();
        }
        catch (JsonException e)
        {
            // The lock only records state; a damaged one means every stage re-checks against the run-cache.
            Console.Error.WriteLine($"warning: {path} is unreadable ({e.Message}); treating every stage as not yet run");
            return new LockFile();
        }
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, LockJson.Options));
}

/// <summary>A run-cache entry: data/.cache/runs/&lt;key&gt;.json, the outputs one key produced.</summary>
public sealed record RunCacheEntry(string Key, string Stage, IReadOnlyList<HashedFile> Outs, double DurationSeconds);

internal static class LockJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
