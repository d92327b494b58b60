namespace WeightSpace.Pipeline;

/// <summary>
/// A stage's output folder holds files the stage did not write; it refused to replace them. A
/// state of the user's files to put right (exit 2), not a failure of the stage.
/// </summary>
public sealed class ForeignFilesException(string message) : IOException(message);
