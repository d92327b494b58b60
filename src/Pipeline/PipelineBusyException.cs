namespace WeightSpace.Pipeline;

public sealed class PipelineBusyException(string message) : Exception(message);
