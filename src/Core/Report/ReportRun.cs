namespace WeightSpace.Core.Report;

/// <summary>Where and when a report was made; shown at the top of the page.</summary>
/// <param name="Profile">params.json profile ("default" for the file's own values).</param>
/// <param name="Commit">The git commit the runner was built from, or "unknown".</param>
/// <param name="Date">UTC time of the report stage's run.</param>
public sealed record ReportRun(string Profile, string Commit, DateTimeOffset Date);
