namespace WeightSpace.Pipeline;

public enum StageState
{
    /// <summary>The lock's key matches and the workspace outputs are the recorded ones.</summary>
    UpToDate,
    /// <summary>Not in the workspace, but the run-cache holds outputs for this exact key.</summary>
    Restorable,
    /// <summary>Must be computed.</summary>
    MustRun,
}
