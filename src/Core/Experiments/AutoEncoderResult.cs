using WeightSpace.Core.Metrics;
using WeightSpace.Core.Training;

namespace WeightSpace.Core.Experiments;

/// <summary>What one auto-encoder reached on the test models.</summary>
/// <param name="PerEpoch">Reconstruction R² of the test checkpoints of each training epoch of the zoo (Figure 15).</param>
public sealed record AutoEncoderResult(AutoEncoderSpec Spec, double TestR2, long Parameters, double Seconds,
    IReadOnlyList<(int Epoch, double R2)> PerEpoch, TrainingResult? Training);
