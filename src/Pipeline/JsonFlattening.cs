using System.Text.Json.Nodes;

namespace WeightSpace.Pipeline;

/// <summary>
/// JSON as dotted keys with their JSON text ("training.epochs" -> "75"), the one flattening
/// behind the runner's "param X changed" reasons, params diffs and metrics diffs. Arrays are leaves.
/// </summary>
public static class JsonFlattening
{
    public static SortedDictionary<string, string> Flatten(IEnumerable<KeyValuePair<string, JsonNode?>> sections)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in sections) Walk(k, v, result);
        return result;
    }

    public static SortedDictionary<string, string> FlattenDocument(JsonNode? root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk("", root, result);
        return result;
    }

    private static void Walk(string prefix, JsonNode? node, SortedDictionary<string, string> result)
    {
        if (node is JsonObject obj)
            foreach (var (k, v) in obj) Walk(prefix.Length == 0 ? k : $"{prefix}.{k}", v, result);
        else if (prefix.Length > 0)
            result[prefix] = node?.ToJsonString() ?? "null";
    }

    /// <summary>Keys whose value differs (or exists on one side only), in key order.</summary>
    public static IEnumerable<(string Key, string? Old, string? New)> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> now) =>
        before.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, before.GetValueOrDefault(k), now.GetValueOrDefault(k)))
            .Where(c => c.Item2 != c.Item3);
}
