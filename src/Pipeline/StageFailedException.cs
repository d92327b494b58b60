namespace WeightSpace.Pipeline;

/// <summary>A stage could not produce its outputs; nothing of it was published or cached.</summary>
public sealed class StageFailedException(string message, Exception? inner = null) : Exception(message, inner);
