using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeightSpace.Pipeline;

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
