namespace WeightSpace.Pipeline;

/// <summary>What one call to <see cref="StageRunner.Run(IStage, bool, bool)"/> did.</summary>
public enum StageOutcome { Skipped, Restored, Ran, DryRun }
