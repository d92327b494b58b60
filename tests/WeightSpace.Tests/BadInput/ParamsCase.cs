namespace WeightSpace.Tests.BadInput;

/// <summary>
/// One malformed params.json: an edit of the committed file, the profile the user asks for, and
/// the words the one-line error must contain. The profile asked for is often one that does not
/// contain the mistake: every profile and the base values are checked before anything runs.
/// </summary>
public sealed record ParamsCase(string Name, Func<string, string> Break, string? Profile, string[] Mentions);
