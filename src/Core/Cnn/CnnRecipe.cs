namespace WeightSpace.Core.Cnn;

/// <summary>How every model of a CNN zoo is trained.</summary>
/// <param name="Checkpoints">Epochs at which weights and metrics are recorded (0 = at init), ascending; the last is the number of epochs.</param>
/// <param name="BatchSize">Images per step (the published code: 512).</param>
/// <param name="ShuffleSeed">Seeds each train fraction's image subset and epoch order, shared by every model of that fraction.</param>
/// <param name="BlockSize">Models trained as one batched computation; blocks are fixed before sharding so shards reproduce the whole zoo byte for byte.</param>
/// <param name="DropRemainder">Each epoch trains whole batches only, leaving out the last images of the shuffled order that
/// do not fill one (the published code batches with drop_remainder); false trains them as a smaller last batch.</param>
public sealed record CnnRecipe(IReadOnlyList<int> Checkpoints, int BatchSize, int ShuffleSeed, int BlockSize, bool DropRemainder = false)
{
    public int Epochs => Checkpoints[^1];

    /// <summary>Training steps per epoch on <paramref name="images"/> images.</summary>
    public int StepsPerEpoch(int images) => DropRemainder ? images / BatchSize : (images + BatchSize - 1) / BatchSize;
}
