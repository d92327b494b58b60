namespace WeightSpace.Pipeline;

/// <summary>
/// The params profile a run uses, for a stage that shows it (the report page). A stage built with it
/// has the profile name in its key (as the pseudo-section "(profile)"); other stages do not, so
/// two profiles with the same values share their results.
/// </summary>
public sealed record RunProfile(string Name);
