using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WeightSpace.Core.Report;

/// <summary>Compares two params.json files key by key (like `dvc params diff`), profiles included.</summary>
public static class ParamsDiff
{
    /// <summary>Flattens JSON to dotted keys with their raw JSON values.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(string? json, string origin)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (json is null) return result;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            Walk(document.RootElement, "", result);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not valid JSON ({e.Message})", e);
        }
        return result;
    }

    public static IReadOnlyList<ParamChange> Compare(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> @new) =>
        old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal)
            .Select(k => new ParamChange(k, old.GetValueOrDefault(k), @new.GetValueOrDefault(k)))
            .Where(c => c.Old != c.New)
            .ToList();

    public static string Render(IReadOnlyList<ParamChange> changes, string oldLabel, string newLabel) =>
        changes.Count == 0
            ? "no param changed\n"
            : MetricsDiff.Columns(["Param", oldLabel, newLabel], changes.Select(c => new[] { c.Key, c.Old ?? "—", c.New ?? "—" }).ToList());

    private static void Walk(JsonElement element, string prefix, IDictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", into);
                break;
            default:
                into[prefix] = element.GetRawText();
                break;
        }
    }
}
