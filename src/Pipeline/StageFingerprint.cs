using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeightSpace.Pipeline;

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
    IReadOnlyDictionary<string, string>? Pins = null) // what the host pinned in the process environment (e.g. math libraries' code paths)
{
    public string Key() => ContentHash.OfText(JsonSerializer.Serialize(this, LockJson.Options));
}
