namespace WeightSpace.Core.Zoo;

/// <summary>
/// A zoo file (weights.npy, metrics.csv.gz, a zoo Parquet file, a split file) that cannot be read
/// as the format promises. The message names the file and, where it applies, the row and column.
/// </summary>
public sealed class ZooFormatException(string message, Exception? inner = null) : Exception(message, inner);
