namespace WeightSpace.Pipeline;

/// <summary>The runner's verdict on a stage and why (what changed since the last run).</summary>
public sealed record StageCheck(IStage Stage, StageState State, IReadOnlyList<string> Reasons, StageFingerprint? Fingerprint);
