using System.Reflection;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// The pipeline: every [Stage] class of this assembly (see <see cref="StageAttribute"/>), once per
/// instance, in dependency order. Nothing lists the stages by hand: a stage's upstream is whichever
/// stage declares an output it reads (the runner derives the same edges), the Cake tasks are
/// generated from this list, and `stages --graph` draws it.
/// </summary>
public static class StageCatalog
{
    public static IReadOnlyList<CatalogEntry> Create(PipelineParams p, string profile = ParamsFile.DefaultProfile) =>
        Create(p, profile, StageTypes(typeof(StageCatalog).Assembly));

    /// <summary>The catalog of the given stage types: each built once per instance, then put in graph order.</summary>
    public static IReadOnlyList<CatalogEntry> Create(PipelineParams p, string profile, IEnumerable<Type> stageTypes)
    {
        var builder = new StageBuilder(p, profile);
        // Ties in the graph go by [Stage(Order)], then type name, then the order of the instances.
        var types = stageTypes.OrderBy(t => t.GetCustomAttribute<StageAttribute>()?.Order ?? 0).ThenBy(t => t.FullName, StringComparer.Ordinal).ToList();
        var built = types.Where(t => !StageBuilder.ReadsEverything(t)).SelectMany(t => Instances(t).Select(i => builder.Build(t, i, []))).ToList();
        var catalog = InGraphOrder(built);
        // A stage that reads every other stage's outputs (the report) is built from them, so it comes last.
        foreach (var type in types.Where(StageBuilder.ReadsEverything))
            foreach (var instance in Instances(type))
                catalog.Add(builder.Build(type, instance, catalog));
        return catalog;
    }

    /// <summary>Every [Stage] class of <paramref name="assembly"/>; a stage without the attribute is an error, not a silent omission.</summary>
    public static IReadOnlyList<Type> StageTypes(Assembly assembly)
    {
        var stages = assembly.GetTypes().Where(t => typeof(IStage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
        var unmarked = stages.Where(t => t.GetCustomAttribute<StageAttribute>() is null).Select(t => t.Name).ToList();
        if (unmarked.Count > 0)
            throw new InvalidOperationException($"{string.Join(", ", unmarked)} implement(s) IStage without [Stage]; mark it so the catalog builds it");
        return stages;
    }

    /// <summary>A stage's instance names (its static Instances), or one null for a stage whose constructor takes none.</summary>
    private static IEnumerable<string?> Instances(Type stage)
    {
        var takesName = stage.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => p.ParameterType == typeof(string));
        var instances = stage.GetProperty("Instances", BindingFlags.Public | BindingFlags.Static);
        if (takesName != instances is not null)
            throw new InvalidOperationException(takesName
                ? $"{stage.Name} takes an instance name: it must declare public static IEnumerable<string> Instances (one stage per item)"
                : $"{stage.Name} declares Instances but its constructor takes no instance name");
        if (instances is null) return [null];
        return (IEnumerable<string>)instances.GetValue(null)!;
    }

    /// <summary>
    /// Each stage after every stage whose output it reads (as the runner matches them: the path
    /// itself or a folder holding it); among the stages ready at one point, the first in <paramref name="stages"/>.
    /// </summary>
    private static List<CatalogEntry> InGraphOrder(IReadOnlyList<CatalogEntry> stages)
    {
        CatalogEntry? Producer(string path) =>
            stages.FirstOrDefault(s => s.Stage.Outs.Any(o => path == o || path.StartsWith(o + "/", StringComparison.Ordinal)));
        var upstream = stages.ToDictionary(s => s, s => s.Stage.Deps.Select(Producer).OfType<CatalogEntry>().Where(p => p != s).ToList());
        var ordered = new List<CatalogEntry>();
        var left = stages.ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(s => upstream[s].All(ordered.Contains))
                       ?? throw new InvalidOperationException($"the stages {string.Join(", ", left.Select(s => s.Name))} read each other's outputs in a cycle");
            ordered.Add(next);
            left.Remove(next);
        }
        return ordered;
    }
}
