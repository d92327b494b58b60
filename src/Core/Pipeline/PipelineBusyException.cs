namespace WeightSpace.Core.Pipeline;

public sealed class PipelineBusyException(string message) : Exception(message);
