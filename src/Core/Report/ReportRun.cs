using System.Globalization;

namespace WeightSpace.Core.Report;

/// <summary>Where and when a report was made; shown at the top of the page.</summary>
/// <param name="Profile">params.json profile ("default" for the file's own values).</param>
/// <param name="Commit">The git commit the runner was built from, or "unknown".</param>
/// <param name="Date">UTC time of the report stage's run.</param>
public sealed record ReportRun(string Profile, string Commit, DateTimeOffset Date)
{
    /// <summary>How long the stages behind the report computed, when the data folder records it.</summary>
    public ComputeTime? Compute { get; init; }
}

/// <summary>The stages' compute time summed over each one's last run (a stage restored from the run-cache counts its original run).</summary>
public sealed record ComputeTime(double Seconds, int Stages)
{
    public string Describe()
    {
        var time = TimeSpan.FromSeconds(Math.Round(Seconds));
        var text = time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours} h {time.Minutes:00} min")
            : string.Create(CultureInfo.InvariantCulture, $"{time.Minutes} min {time.Seconds:00} s");
        return $"{text} of computing, summed over the last runs of {Stages} stages (2 cores; data/pipeline.lock.json)";
    }
}
