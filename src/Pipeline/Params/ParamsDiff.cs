using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Pipeline.Params;

/// <summary>Compares two params.json files key by key (like `dvc params diff`), profiles included.</summary>
public static class ParamsDiff
{
    /// <summary>Flattens JSON to dotted keys with their raw JSON values.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(string? json, string origin)
    {
        if (json is null) return new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            return JsonFlattening.FlattenDocument(JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not valid JSON ({e.Message})", e);
        }
    }

    public static IReadOnlyList<ParamChange> Compare(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> @new) =>
        JsonFlattening.Changes(old, @new).Select(c => new ParamChange(c.Key, c.Old, c.New)).ToList();
}
