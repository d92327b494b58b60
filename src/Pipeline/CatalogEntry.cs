namespace WeightSpace.Pipeline;

/// <summary>
/// A stage as the catalog built it: the params sections it was constructed from (its whole view of
/// params.json, hashed into its key) and the arguments themselves (records, an instance name).
/// </summary>
public sealed record CatalogEntry(IStage Stage, IReadOnlyList<string> ParamSections, IReadOnlyList<object> Arguments)
{
    public CatalogEntry(IStage stage, IReadOnlyList<string> paramSections) : this(stage, paramSections, []) { }

    public string Name => Stage.Name;
}
