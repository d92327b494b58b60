namespace WeightSpace.Pipeline.Params;

/// <summary>One parameter that differs between two params.json files.</summary>
public sealed record ParamChange(string Key, string? Old, string? New);
