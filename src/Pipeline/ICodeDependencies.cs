namespace WeightSpace.Pipeline;

/// <summary>Where a stage's code set comes from: <see cref="DerivedCode"/> (the compiled assemblies), or a stand-in in tests.</summary>
public interface ICodeDependencies
{
    /// <summary>One entry per source file holding code the stage can execute, with the hash of that code.</summary>
    IReadOnlyList<HashedFile> Files(IStage stage);

    /// <summary>Repo-relative build files (project files and what they import) hashed into every stage's code set.</summary>
    IReadOnlyList<string> BuildFiles => [];

    /// <summary>Keeps what was computed for the next run (a cache); called once at the end of a runner invocation.</summary>
    void Save();
}
