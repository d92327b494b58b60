namespace WeightSpace.Core.Pipeline;

/// <summary>
/// One step of the pipeline. A stage states everything its result depends on — the data it
/// reads, its own source code and its slice of params.json — and everything it writes. The
/// runner hashes the first three into the stage's key; the stage itself only computes.
/// All paths are repo-relative with '/' separators; a path may name a file or a folder.
/// </summary>
public interface IStage
{
    /// <summary>Kebab-case name used on the command line, in the lock file and in the cache.</summary>
    string Name { get; }

    /// <summary>One line for `--target=Status` and the Cake task description.</summary>
    string Description { get; }

    /// <summary>Top-level sections of params.json this stage reads (after the profile is applied).</summary>
    IReadOnlyList<string> ParamSections { get; }

    /// <summary>Data files or folders read; usually outputs of upstream stages.</summary>
    IReadOnlyList<string> Deps { get; }

    /// <summary>Source files or folders whose change must re-run the stage (its own code included).</summary>
    IReadOnlyList<string> Code { get; }

    /// <summary>Files or folders written; each must exist when <see cref="Run"/> returns.</summary>
    IReadOnlyList<string> Outs { get; }

    /// <summary>Computes the outputs. Write only through <see cref="StageContext.Output"/>.</summary>
    void Run(StageContext context);
}
