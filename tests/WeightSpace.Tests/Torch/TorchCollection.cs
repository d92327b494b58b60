namespace WeightSpace.Tests.Torch;

/// <summary>
/// Tests that use TorchSharp share torch's global random generator (manual_seed) and its thread
/// pool, so they run one at a time: a seeded test must not see another test draw from its stream.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
