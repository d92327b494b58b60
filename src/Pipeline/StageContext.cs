namespace WeightSpace.Pipeline;

/// <summary>
/// What a running stage may touch: its inputs where they are, and its outputs in a private
/// scratch folder that the runner publishes only after <see cref="IStage.Run"/> returns.
/// </summary>
public sealed class StageContext
{
    private readonly string _scratch;

    public StageContext(ProjectPaths paths, string scratch, Action<string> log, CancellationToken cancellation)
    {
        Paths = paths;
        _scratch = scratch;
        Log = log;
        Cancellation = cancellation;
    }

    public ProjectPaths Paths { get; }

    /// <summary>Progress output: one line per call, prefixed with the stage name by the runner.</summary>
    public Action<string> Log { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Full path of an input (a declared dep), where it lives in the workspace.</summary>
    public string Input(string relative) => Paths.Full(relative);

    /// <summary>Full path to write a declared output to; its parent folder exists.</summary>
    public string Output(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_scratch, relative));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
