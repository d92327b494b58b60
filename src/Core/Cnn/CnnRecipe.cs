namespace WeightSpace.Core.Cnn;

/// <summary>How every model of a CNN zoo is trained.</summary>
/// <param name="Checkpoints">Epochs at which weights and metrics are recorded (0 = at init), ascending; the last is the number of epochs.</param>
/// <param name="BatchSize">Images per step (Unterthiner et al.: 32).</param>
/// <param name="ShuffleSeed">Seeds each train fraction's image subset and epoch order, shared by every model of that fraction.</param>
/// <param name="BlockSize">Models trained as one batched computation; blocks are fixed before sharding so shards reproduce the whole zoo byte for byte.</param>
public sealed record CnnRecipe(IReadOnlyList<int> Checkpoints, int BatchSize, int ShuffleSeed, int BlockSize)
{
    public int Epochs => Checkpoints[^1];
}
