using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// The three row sets every learned model of an experiment uses: training and validation rows
/// thinned to every k-th epoch (cheaper, every model still present), and all test checkpoints so
/// that results can be broken down by epoch (Figure 15).
/// </summary>
public sealed record ExperimentRows(int[] Train, int[] Validation, int[] Test)
{
    public static ExperimentRows Of(ZooDataset data, int epochStride) =>
        new(data.RowsOf(SplitPart.Train, epochStride), data.RowsOf(SplitPart.Validation, epochStride), data.RowsOf(SplitPart.Test));
}
