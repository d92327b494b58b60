namespace WeightSpace.Pipeline;

/// <summary>
/// One step of the pipeline. A stage states the data it reads and everything it writes; its code
/// dependencies are derived from the compiled assemblies (<see cref="DerivedCode"/>) and its
/// params sections from its constructor (it is built from its params records alone, see the
/// stage catalog). The runner hashes all of that into the stage's key; the stage only computes.
/// All paths are repo-relative with '/' separators; a path may name a file or a folder.
/// </summary>
public interface IStage
{
    /// <summary>Kebab-case name used on the command line, in the lock file and in the cache.</summary>
    string Name { get; }

    /// <summary>One line for `--target=Status` and the Cake task description.</summary>
    string Description { get; }

    /// <summary>Data files or folders read; usually outputs of upstream stages.</summary>
    IReadOnlyList<string> Deps { get; }

    /// <summary>
    /// For a folder among <see cref="Deps"/>: the names of the files the stage reads in it (at any
    /// depth), so only those are hashed into its key; null (the default): every file in it. A
    /// downloaded zoo's folder may hold anything beside the three files its ingest reads.
    /// </summary>
    IReadOnlySet<string>? FilesRead(string dep) => null;

    /// <summary>Files or folders written; each must exist when <see cref="Run"/> returns.</summary>
    IReadOnlyList<string> Outs { get; }

    /// <summary>Computes the outputs. Write only through <see cref="StageContext.Output"/>.</summary>
    void Run(StageContext context);
}
