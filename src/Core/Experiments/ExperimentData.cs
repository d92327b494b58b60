using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>Builds <see cref="TrainingData"/> for the three objectives from zoo rows.</summary>
public static class ExperimentData
{
    public static TrainingData Reconstruction(ZooDataset data, int[] rows) => new(data.WeightsOf(rows), data.Parameters);

    public static TrainingData Accuracy(ZooDataset data, int[] rows) =>
        new(data.WeightsOf(rows), data.Parameters, rows.Select(r => (float)data.Accuracy[r]).ToArray(), 1);

    public static TrainingData Classes(ZooDataset data, int[] rows, int[] labels) =>
        new(data.WeightsOf(rows), data.Parameters, labels: rows.Select(r => (long)labels[r]).ToArray());
}
