namespace WeightSpace.Core.Pipeline;

/// <summary>Where a stage's code set comes from: <see cref="DerivedCode"/> (the compiled assemblies), or a stand-in in tests.</summary>
public interface ICodeDependencies
{
    /// <summary>One entry per source file holding code the stage can execute, with the hash of that code.</summary>
    IReadOnlyList<HashedFile> Files(IStage stage);

    /// <summary>Keeps what was computed for the next run (a cache); called once at the end of a runner invocation.</summary>
    void Save();
}
