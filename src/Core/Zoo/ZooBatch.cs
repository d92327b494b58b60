using Parquet;
using Parquet.Schema;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// One row group of an ingested zoo: <see cref="Rows"/> checkpoints, their scalar columns, and
/// their weights as one flat row-major array (Rows x Parameters).
/// </summary>
public sealed class ZooBatch
{
    public required int Rows { get; init; }
    public required int Parameters { get; init; }
    public required int[] ModelIds { get; init; }
    public required string[] ModelDirs { get; init; }
    public required int[] Epochs { get; init; }
    public required double[] TestAccuracy { get; init; }
    public required double[] TrainAccuracy { get; init; }
    public required double[] TestLoss { get; init; }
    public required double[] TrainLoss { get; init; }
    /// <summary>Config values by key without prefix (column config_activation -> key "activation").</summary>
    public required IReadOnlyDictionary<string, string[]> Config { get; init; }
    public required float[] Weights { get; init; }

    public ReadOnlySpan<float> WeightsOf(int row) => Weights.AsSpan(row * Parameters, Parameters);

    /// <summary>The batch's weights, Rows x Parameters (<see cref="Weights"/> may be longer when its buffer is reused).</summary>
    public ReadOnlyMemory<float> WeightMemory => Weights.AsMemory(0, Rows * Parameters);
}
