using WeightSpace.Core.Experiments;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Experiments;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class AutoEncoderExperimentTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ZooDataset SmallZoo(int models, int epochs)
    {
        var zoo = TinyZoo.Write(_dir.Root, models, epochs).Directory;
        var parquet = _dir.File("zoo.parquet");
        ZooIngest.Run(zoo, parquet);
        var split = _dir.File("split.csv");
        ModelSplit.Create(ZooParquet.ReadModels(parquet), 0.6, 0.2, seed: 1).Write(split);
        return ZooDataset.Load(parquet, split);
    }

    [Fact]
    public void Strided_rows_keep_every_model_but_only_every_kth_epoch_and_the_last()
    {
        var data = SmallZoo(models: 10, epochs: 7);
        var rows = ExperimentRows.Of(data, epochStride: 3);
        Assert.All(rows.Train, r => Assert.Contains(data.Epochs[r], new[] { 0, 3, 6 }));
        Assert.Equal(7, rows.Test.Select(r => data.Epochs[r]).Distinct().Count());
        Assert.Equal(data.Split.ModelsIn(SplitPart.Train).Count(), rows.Train.Select(r => data.ModelIds[r]).Distinct().Count());
        Assert.Empty(rows.Train.Select(r => data.ModelIds[r]).Intersect(rows.Test.Select(r => data.ModelIds[r])));
    }

    // TinyZoo's weights are row + column / 1000: rank two, so two components are exact.
    [Fact]
    public void Pca_with_as_many_components_as_the_data_has_reconstructs_every_epoch_exactly()
    {
        var data = SmallZoo(models: 30, epochs: 3);
        var rows = ExperimentRows.Of(data, 1);
        var spec = new AutoEncoderSpec("pca", "pca", "weights", "", 2, null, false);
        var (result, model) = AutoEncoderExperiment.Run(spec, data, WeightLayout.Fcn([16, 5, 4], false), rows, new(), _ => { });
        model.Dispose();
        Assert.Equal(1.0, result.TestR2, 4);
        Assert.Equal([0, 1, 2], result.PerEpoch.Select(p => p.Epoch));
        Assert.All(result.PerEpoch, p => Assert.Equal(1.0, p.R2, 4));
    }
}
