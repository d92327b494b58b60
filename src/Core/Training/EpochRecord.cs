namespace WeightSpace.Core.Training;

/// <summary>One epoch's numbers; losses are sample-weighted means.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds, bool Best);
