namespace WeightSpace.Core.Experiments;

/// <summary>A classification target of a zoo: its thesis name, the class of every zoo row, and the class names.</summary>
public sealed record ClassTarget(string Name, int[] Labels, IReadOnlyList<string> Levels);
