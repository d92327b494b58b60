using System.Reflection;
using System.Xml.Linq;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

/// <summary>
/// The engine and the science library stand apart: the engine is generic (it references no
/// project of ours), and the science library knows nothing of how it is run. Read from the
/// compiled assemblies, so a use that crept in through any file shows, and from the project files,
/// so does a reference not yet used.
/// </summary>
public sealed class ReferenceDirectionTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);

    [Fact]
    public void The_engine_references_no_assembly_of_the_repository_not_even_Core()
    {
        var offending = OursReferencedBy(typeof(IStage).Assembly, "src/Pipeline/WeightSpace.Pipeline.csproj");
        Assert.True(offending.Count == 0, $"the engine (WeightSpace.Pipeline) references {string.Join(", ", offending)}; it must stay generic: no reference to Core, the stages or any project of ours");
    }

    [Fact]
    public void Core_references_no_assembly_of_the_repository_not_even_the_engine()
    {
        var offending = OursReferencedBy(typeof(ZooFolder).Assembly, "src/Core/WeightSpace.Core.csproj");
        Assert.True(offending.Count == 0, $"the science library (WeightSpace.Core) references {string.Join(", ", offending)}; it must not know the engine or the stages");
    }

    /// <summary>The assemblies of this repository <paramref name="assembly"/> references, compiled or in its project file.</summary>
    private static List<string> OursReferencedBy(Assembly assembly, string project)
    {
        var compiled = assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("WeightSpace.", StringComparison.Ordinal));
        var declared = XDocument.Load(Repo.Full(project)).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value) + " (ProjectReference)");
        return [.. compiled, .. declared];
    }
}
