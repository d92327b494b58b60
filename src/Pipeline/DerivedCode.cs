using System.Reflection;
using System.Text.Json;

namespace WeightSpace.Pipeline;

/// <summary>
/// A stage's code dependencies, derived from the compiled assemblies (never listed by hand): every
/// source file holding a member the stage can reach (<see cref="CodeGraph"/>), each with the hash of
/// the reached members in it. Walking the IL takes a few hundred milliseconds, so the sets are
/// cached under data/.cache/code/, keyed by the assemblies' module version ids (a new build, a new key).
/// </summary>
public sealed class DerivedCode : ICodeDependencies
{
    /// <summary>A stage's Description is shown, never computed with: editing it re-runs nothing.</summary>
    private static readonly HashSet<string> NotExecuted = ["get_Description"];

    private readonly IReadOnlyList<Assembly> _assemblies;
    private readonly ProjectPaths _paths;
    private readonly string _cachePath;
    private IReadOnlyList<string>? _buildFiles;
    private Dictionary<string, List<HashedFile>>? _sets;
    private bool _dirty;
    private CodeGraph? _graph;

    /// <param name="assemblies">our assemblies: those walked. Package code is covered by the project files' hashes.</param>
    public DerivedCode(ProjectPaths paths, IEnumerable<Assembly> assemblies)
    {
        _paths = paths;
        _assemblies = assemblies.Distinct().OrderBy(a => a.GetName().Name, StringComparer.Ordinal).ToList();
        var key = string.Join(",", _assemblies.Select(a => $"{a.GetName().Name}:{a.ManifestModule.ModuleVersionId:N}"));
        _cachePath = Path.Combine(paths.Cache, "code", ContentHash.OfText(key) + ".json");
    }

    /// <summary>The walker for the runner's stages: the assemblies they are defined in and every assembly
    /// of ours those reference (<see cref="SourceAssemblies"/>), so the libraries they call are walked too.</summary>
    public static DerivedCode For(ProjectPaths paths, IEnumerable<IStage> stages) =>
        new(paths, SourceAssemblies.Reached(stages.Select(s => s.GetType().Assembly)));

    /// <summary>The assemblies walked, by name.</summary>
    public IReadOnlyList<string> AssemblyNames => _assemblies.Select(a => a.GetName().Name!).ToList();

    /// <summary>The walked assemblies' project files and what they import (<see cref="WeightSpace.Pipeline.BuildFiles"/>).</summary>
    public IReadOnlyList<string> BuildFiles => _buildFiles ??= WeightSpace.Pipeline.BuildFiles.Of(_paths, AssemblyNames);

    /// <summary>One entry per source file: the hash of the reached members in it (Size: how many), in path order.</summary>
    public IReadOnlyList<HashedFile> Files(IStage stage)
    {
        var sets = Load();
        var root = stage.GetType().FullName!.Replace('+', '/');
        if (!sets.TryGetValue(root, out var files))
        {
            _graph ??= new CodeGraph(_assemblies.Select(a => a.Location));
            sets[root] = files = _graph.Reach(root, NotExecuted.Contains)
                .GroupBy(m => m.File).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new HashedFile(g.Key, ContentHash.OfText(string.Join("\n", g.Select(m => $"{m.Name} {m.Hash}").Order(StringComparer.Ordinal))), g.Count()))
                .ToList();
            _dirty = true;
        }
        return files;
    }

    public void Save()
    {
        _graph?.Dispose();
        _graph = null;
        if (!_dirty || _sets is null) return;
        AtomicFile.WriteAllText(_cachePath, JsonSerializer.Serialize(_sets));
        _dirty = false;
        // Sets of earlier builds are never read again.
        foreach (var old in Directory.EnumerateFiles(Path.GetDirectoryName(_cachePath)!, "*.json").Where(f => f != _cachePath))
            File.Delete(old);
    }

    private Dictionary<string, List<HashedFile>> Load()
    {
        if (_sets is not null) return _sets;
        try
        {
            if (File.Exists(_cachePath))
                _sets = JsonSerializer.Deserialize<Dictionary<string, List<HashedFile>>>(File.ReadAllText(_cachePath));
        }
        catch (JsonException)
        {
            // Only a cache: walk again.
        }
        if (_sets is not null && _sets.Values.Any(v => LockJson.Problem(v) is not null)) _sets = null;
        return _sets ??= new Dictionary<string, List<HashedFile>>(StringComparer.Ordinal);
    }
}
