using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>A wrong command line: exit code 2 with the message.</summary>
public sealed class UsageException(string message) : Exception(message);
