namespace WeightSpace.Pipeline;

/// <summary>Why a stage's key changed, in words: "param X changed: 1 -> 2", "code src/... changed".</summary>
internal static class FingerprintDiff
{
    public static List<string> Reasons(StageFingerprint before, StageFingerprint now)
    {
        var reasons = new List<string>();
        foreach (var (key, oldValue, newValue) in JsonFlattening.Changes(JsonFlattening.Flatten(before.Params), JsonFlattening.Flatten(now.Params)))
            reasons.Add($"param {key} changed: {oldValue ?? "(absent)"} -> {newValue ?? "(absent)"}");
        reasons.AddRange(FileChanges("input", before.Deps, now.Deps));
        reasons.AddRange(FileChanges("code", before.Code, now.Code));
        if (!before.Outs.SequenceEqual(now.Outs)) reasons.Add("declared outputs changed");
        if (!SamePins(before.Pins, now.Pins)) reasons.Add("environment pins changed");
        if (reasons.Count == 0) reasons.Add("stage definition changed");
        return reasons;
    }

    private static bool SamePins(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));

    private static IEnumerable<string> FileChanges(string kind, IReadOnlyList<HashedFile> before, IReadOnlyList<HashedFile> now)
    {
        var old = before.GroupBy(f => f.Path).ToDictionary(g => g.Key, g => g.First().Hash);
        var cur = now.GroupBy(f => f.Path).ToDictionary(g => g.Key, g => g.First().Hash);
        foreach (var (path, hash) in cur)
            if (!old.TryGetValue(path, out var h)) yield return $"{kind} {path} added";
            else if (h != hash) yield return $"{kind} {path} changed";
        foreach (var path in old.Keys.Where(p => !cur.ContainsKey(p)))
            yield return $"{kind} {path} removed";
    }
}
