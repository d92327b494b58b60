namespace WeightSpace.Pipeline;

/// <summary>
/// Every output declared by the stages listed before this one in the catalog: what a stage that
/// gathers results (the report) is given instead of a hand-kept list. Not a params section.
/// </summary>
public sealed record UpstreamOutputs(IReadOnlyList<string> Paths);
