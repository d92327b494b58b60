namespace WeightSpace.Tests.Report;

/// <summary>What a real browser saw of a page: each image's natural width, the tables, and every error.</summary>
public sealed record PageCheck(IReadOnlyList<int> ImageWidths, IReadOnlyList<string> TableIds, IReadOnlyList<string> Errors);
