namespace WeightSpace.Core.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>: the model then holds the weights of <see cref="BestEpoch"/>.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> Epochs, int BestEpoch, double BestValidationLoss, bool StoppedEarly);
