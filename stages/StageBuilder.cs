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
    private readonly List<CatalogEntry> _stages = [];

    /// <summary>The stages <see cref="Add{TStage}"/> built, in that order (a hand-picked part of the pipeline, e.g. in a test).</summary>
    public IReadOnlyList<CatalogEntry> Stages => _stages;

    /// <summary>Builds a stage after the ones added before it (an <see cref="UpstreamOutputs"/> parameter lists theirs).</summary>
    public void Add<TStage>(string? instance = null) where TStage : IStage => _stages.Add(Build(typeof(TStage), instance, _stages));

    /// <param name="instance">the instance name, for a stage whose constructor takes one.</param>
    /// <param name="earlier">the stages before it, whose outputs an <see cref="UpstreamOutputs"/> parameter lists.</param>
    public CatalogEntry Build(Type stage, string? instance, IReadOnlyList<CatalogEntry> earlier)
    {
        var constructors = stage.GetConstructors();
        if (constructors.Length != 1)
            throw new InvalidOperationException($"{stage.Name} must have exactly one public constructor (it has {constructors.Length})");
        var args = new List<object>();
        var sections = new List<string>();
        foreach (var parameter in constructors[0].GetParameters())
        {
            var type = parameter.ParameterType;
            if (type == typeof(string))
                args.Add(instance ?? throw new InvalidOperationException($"{stage.Name} takes an instance name ('{parameter.Name}'); it must declare its instances (see StageAttribute)"));
            else if (type == typeof(RunProfile))
                args.Add(new RunProfile(profile));
            else if (type == typeof(UpstreamOutputs))
                args.Add(new UpstreamOutputs(earlier.SelectMany(s => s.Stage.Outs).ToList()));
            else if (PipelineParams.Sections.Values.Contains(type))
            {
                args.Add(parameters.Of(type));
                sections.Add(PipelineParams.SectionOf(type));
            }
            else
                throw new InvalidOperationException($"{stage.Name}: constructor parameter '{parameter.Name}' is a {type.Name}; a stage is built only from params records (marked [ParamsSection]), its instance name, RunProfile and UpstreamOutputs");
        }
        return new CatalogEntry((IStage)constructors[0].Invoke([.. args]), sections, args);
    }

    /// <summary>Whether the stage reads every earlier stage's outputs (the report), so it comes after all of them.</summary>
    public static bool ReadsEverything(Type stage) =>
        stage.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => p.ParameterType == typeof(UpstreamOutputs));
}
