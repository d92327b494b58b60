using System.Xml.Linq;

namespace WeightSpace.Pipeline;

/// <summary>
/// The files that decide how our assemblies are built and which package versions they run, found
/// rather than listed: the project file of each assembly walked (matched by its AssemblyName, else
/// its file name), Directory.Build.props and Directory.Build.targets at the root, and every file
/// these import by a path inside the repository. Packages are not walked for code dependencies:
/// their versions, in these files, are hashed instead. Part of every stage's code set.
/// </summary>
public static class BuildFiles
{
    private static readonly string[] RootFiles = ["Directory.Build.props", "Directory.Build.targets"];

    /// <summary>Folders that hold no project of ours: build output, data, packages.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", "data", "node_modules" };

    /// <summary>Repo-relative paths, in path order, of the build files of <paramref name="assemblyNames"/>.</summary>
    public static IReadOnlyList<string> Of(ProjectPaths paths, IEnumerable<string> assemblyNames)
    {
        var names = assemblyNames.ToHashSet(StringComparer.Ordinal);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var work = new Queue<string>(RootFiles.Select(paths.Full));
        foreach (var project in Projects(paths.Root).Where(p => names.Contains(AssemblyName(p))))
            work.Enqueue(project);
        while (work.TryDequeue(out var file))
        {
            if (!File.Exists(file) || !files.Add(paths.Relative(file))) continue;
            foreach (var import in Imports(file).Where(i => i.StartsWith(paths.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                work.Enqueue(import);
        }
        return files.ToList();
    }

    private static IEnumerable<string> Projects(string folder)
    {
        foreach (var project in Directory.EnumerateFiles(folder, "*.csproj")) yield return project;
        foreach (var sub in Directory.EnumerateDirectories(folder).Where(d => Path.GetFileName(d) is var n && !n.StartsWith('.') && !Skipped.Contains(n)))
            foreach (var project in Projects(sub)) yield return project;
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(project).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value is { } name && !name.Contains("$(")
            ? name.Trim()
            : Path.GetFileNameWithoutExtension(project);

    /// <summary>Full paths of the files <paramref name="file"/> imports; imports through other properties than its own folder are not followed.</summary>
    private static IEnumerable<string> Imports(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        foreach (var import in XDocument.Load(file).Descendants().Where(e => e.Name.LocalName == "Import"))
        {
            var project = import.Attribute("Project")?.Value.Replace("$(MSBuildThisFileDirectory)", folder + Path.DirectorySeparatorChar);
            if (project is null || project.Contains("$(")) continue;
            yield return Path.GetFullPath(Path.Combine(folder, project));
        }
    }
}
