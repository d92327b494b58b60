using Parquet;

namespace WeightSpace.Core.Zoo;

/// <summary>What to do with a checkpoint whose weights contain NaN or ±inf.</summary>
public enum NonFinitePolicy
{
    /// <summary>Skip the row and count it (the published zoo has such rows).</summary>
    Drop,
    /// <summary>Stop with an error naming the file and the row.</summary>
    Error,
}
