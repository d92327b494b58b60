using System.Text.Json;

namespace WeightSpace.Pipeline;

/// <summary>
/// The run-cache: data/.cache/runs/&lt;key&gt;.json lists the output files one stage key produced,
/// each stored in the <see cref="ObjectStore"/>. An entry is used only if it parses, has every
/// field, and every object it names is present and sound; otherwise it is reported and deleted.
/// </summary>
public sealed class RunCache(string folder, ObjectStore objects)
{
    public bool Has(string key) => File.Exists(PathOf(key));

    public void Write(RunCacheEntry entry) =>
        AtomicFile.WriteAllText(PathOf(entry.Key), JsonSerializer.Serialize(entry, LockJson.Options));

    /// <summary>
    /// The entry for <paramref name="key"/> as written, objects not verified, or null if there is
    /// none or it does not parse whole: what a restore would publish, for predicting the keys of
    /// stages downstream (the restore itself reads it with <see cref="Read"/>).
    /// </summary>
    public RunCacheEntry? Peek(string key)
    {
        try
        {
            var entry = Has(key) ? JsonSerializer.Deserialize<RunCacheEntry>(File.ReadAllText(PathOf(key)), LockJson.Options) : null;
            return entry is not null && entry.Key == key && LockJson.Problem(entry.Outs) is null ? entry : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>The verified entry for <paramref name="key"/>, or null (and <paramref name="problem"/> says why; the entry is discarded).</summary>
    public RunCacheEntry? Read(string key, out string? problem)
    {
        var path = PathOf(key);
        problem = null;
        RunCacheEntry? entry = null;
        try
        {
            entry = JsonSerializer.Deserialize<RunCacheEntry>(File.ReadAllText(path), LockJson.Options);
        }
        catch (JsonException e)
        {
            problem = $"the entry itself is unreadable ({e.Message})";
        }
        if (problem is null)
            problem = entry is null || entry.Key != key ? "the entry names another key"
                : LockJson.Problem(entry.Outs) is { } p ? p
                : entry.Outs.Select(f => objects.Problem(f.Hash) is { } q ? $"object for {f.Path} {q}" : null).FirstOrDefault(q => q is not null);
        if (problem is null) return entry;
        File.Delete(path);
        return null;
    }

    public string PathOf(string key) => Path.Combine(folder, $"{key}.json");
}
