using System.Text.Json;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Builds a stage from its constructor: each parameter is a params record (its section of
/// params.json, which becomes part of the stage's key), the instance name (a string, e.g. the zoo),
/// the <see cref="RunProfile"/> (its name becomes part of the key), or <see cref="UpstreamOutputs"/>. A stage handed nothing else cannot read an undeclared section,
/// and its declared sections cannot drift from what it reads.
/// </summary>
public sealed class StageBuilder(PipelineParams parameters, string profile)
{
    /// <summary>Params record type -> its section name in params.json and its value.</summary>
    private static readonly Dictionary<Type, (string Section, System.Reflection.PropertyInfo Property)> Sections =
        typeof(PipelineParams).GetProperties().ToDictionary(p => p.PropertyType, p => (JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p));

    private readonly List<CatalogEntry> _stages = [];

    public IReadOnlyList<CatalogEntry> Stages => _stages;

    /// <summary>The section a params record type is read from, e.g. RunSettings -> "run".</summary>
    public static string SectionOf(Type record) => Sections[record].Section;

    public void Add<TStage>(string? instance = null) where TStage : IStage
    {
        var constructors = typeof(TStage).GetConstructors();
        if (constructors.Length != 1)
            throw new InvalidOperationException($"{typeof(TStage).Name} must have exactly one public constructor (it has {constructors.Length})");
        var args = new List<object>();
        var sections = new List<string>();
        foreach (var parameter in constructors[0].GetParameters())
        {
            var type = parameter.ParameterType;
            if (type == typeof(string))
                args.Add(instance ?? throw new InvalidOperationException($"{typeof(TStage).Name} takes an instance name ('{parameter.Name}'); the catalog line must give one"));
            else if (type == typeof(RunProfile))
                args.Add(new RunProfile(profile));
            else if (type == typeof(UpstreamOutputs))
                args.Add(new UpstreamOutputs(_stages.SelectMany(s => s.Stage.Outs).ToList()));
            else if (Sections.TryGetValue(type, out var section))
            {
                args.Add(section.Property.GetValue(parameters)!);
                sections.Add(section.Section);
            }
            else
                throw new InvalidOperationException($"{typeof(TStage).Name}: constructor parameter '{parameter.Name}' is a {type.Name}; a stage is built only from params records (see PipelineParams), its instance name, RunProfile and UpstreamOutputs");
        }
        _stages.Add(new CatalogEntry((IStage)constructors[0].Invoke([.. args]), sections, args));
    }
}
