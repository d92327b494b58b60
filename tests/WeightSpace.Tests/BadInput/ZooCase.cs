namespace WeightSpace.Tests.BadInput;

/// <summary>
/// One malformed zoo folder: how to break a valid tiny zoo, extra command-line arguments, and the
/// words the one-line error must contain (the file, and the row, column or field at fault).
/// </summary>
public sealed record ZooCase(string Name, Action<string> Break, string[] Mentions, string[]? Args = null, string[]? MustNotMention = null);
