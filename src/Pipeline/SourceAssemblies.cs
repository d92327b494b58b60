using System.Reflection;
using System.Reflection.Metadata;

namespace WeightSpace.Pipeline;

/// <summary>
/// Which assemblies are ours, found rather than named: the assemblies the stages are defined in
/// and, through their references, every assembly built from source here, that is one with a
/// portable PDB beside it naming source files that exist on this disk. Package assemblies carry no
/// such PDB, so the walk stops at them (their code is covered by the package versions in the
/// project files). A library the stages call, however far down, is found because the stages
/// reference it; were it dropped, its code would silently leave every stage's key.
/// </summary>
public static class SourceAssemblies
{
    /// <summary><paramref name="roots"/> and every assembly built from source that they reference, directly or not, by name.</summary>
    public static IReadOnlyList<Assembly> Reached(IEnumerable<Assembly> roots)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var work = new Stack<Assembly>(roots);
        while (work.Count > 0)
        {
            var assembly = work.Pop();
            if (!found.TryAdd(assembly.GetName().Name!, assembly)) continue;
            var folder = Path.GetDirectoryName(assembly.Location);
            if (string.IsNullOrEmpty(folder)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                // Our project references are copied beside the assembly that uses them; the framework's are not.
                if (found.ContainsKey(reference.Name!) || !BuiltFromSource(Path.Combine(folder, reference.Name + ".dll"))) continue;
                work.Push(Assembly.Load(reference));
            }
        }
        return found.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the assembly at <paramref name="path"/> has a portable PDB beside it that names a source file on this disk.</summary>
    public static bool BuiltFromSource(string path)
    {
        var pdb = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(path) || !File.Exists(pdb)) return false;
        try
        {
            using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
            var reader = provider.GetMetadataReader();
            return reader.Documents.Any(d => File.Exists(reader.GetString(reader.GetDocument(d).Name)));
        }
        catch (BadImageFormatException)
        {
            return false; // a Windows PDB: not one of ours, which are portable
        }
    }
}
