using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeightSpace.Pipeline;

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

    /// <summary>
    /// Records one stage's entry in the lock file as it is on disk now, read again and rewritten while
    /// holding an exclusive flock beside it (<c>.update</c>): for runners that share a data folder (cluster
    /// jobs, each publishing its own stage), so none drops an entry another just wrote. Returns the file as saved.
    /// </summary>
    public static LockFile Update(string path, string stage, LockEntry entry)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var guard = WaitExclusive(path + ".update");
        var current = Load(path, _ => { }); // a damaged entry was reported when this runner first read the file
        current.Stages[stage] = entry;
        current.Save(path);
        return current;
    }

    private static FileStream WaitExclusive(string path)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (e.HResult == 11 && e.GetType() == typeof(IOException)) // EWOULDBLOCK: another runner is saving
            {
                Thread.Sleep(20);
            }
        }
    }
}
