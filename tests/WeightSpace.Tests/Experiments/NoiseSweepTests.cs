using WeightSpace.Core.Experiments;
using WeightSpace.Core.Models;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Experiments;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class NoiseSweepTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ZooDataset Data, ExperimentRows Rows, AutoEncoderSpec Spec, PcaAutoEncoder Model) FittedPca()
    {
        var zoo = TinyZoo.Write(_dir.Root, 30, 3).Directory;
        var parquet = _dir.File("zoo.parquet");
        ZooIngest.Run(zoo, parquet);
        var split = _dir.File("split.csv");
        ModelSplit.Create(ZooParquet.ReadModels(parquet), 0.6, 0.2, seed: 1).Write(split);
        var data = ZooDataset.Load(parquet, split);
        var rows = ExperimentRows.Of(data, 1);
        var spec = new AutoEncoderSpec("pca", "pca", "weights", "latent=2", 2, null, false);
        var model = PcaAutoEncoder.Fit(data.WeightsOf(rows.Train), data.Parameters, 2);
        return (data, rows, spec, model);
    }

    // TinyZoo's weights have rank two, so the two-component PCA is exact without noise.
    [Fact]
    public void Reconstruction_r2_rises_with_the_snr_on_the_input_and_on_the_bottleneck()
    {
        var (data, rows, spec, model) = FittedPca();
        using var _ = model;
        var points = NoiseSweep.Run(spec, model, data, rows.Test, [-10, 10, 40], "tiny", 1, "test").Where(p => p.Key.Table == "fig18").ToList();
        foreach (var location in NoiseSweep.Locations)
        {
            var r2 = points.Where(p => p.Key.Config.Contains($"noise={location}")).Select(p => p.Value).ToList();
            Assert.Equal(3, r2.Count);
            Assert.True(r2[0] < r2[1] && r2[1] < r2[2], $"{location}: {string.Join(", ", r2)}");
            Assert.True(r2[2] > 0.99, $"{location} at 40 dB: {r2[2]}");
        }
        Assert.Equal("latent=2;noise=bottleneck;snr=-10", points[3].Key.Config);
    }

    [Fact]
    public void The_sweep_repeats_exactly_and_gives_one_fig19_point_per_test_epoch()
    {
        var (data, rows, spec, model) = FittedPca();
        using var _ = model;
        var first = NoiseSweep.Run(spec, model, data, rows.Test, [0], "tiny", 7, "test").ToList();
        var second = NoiseSweep.Run(spec, model, data, rows.Test, [0], "tiny", 7, "test").ToList();
        Assert.Equal(first, second);
        var fig19 = first.Where(p => p.Key.Table == "fig19" && p.Key.Config.Contains("noise=input")).Select(p => p.Key.Config).ToList();
        Assert.Equal(["latent=2;noise=input;snr=0;epoch=0", "latent=2;noise=input;snr=0;epoch=1", "latent=2;noise=input;snr=0;epoch=2"], fig19);
    }

    [Fact]
    public void A_subsample_is_evenly_spaced_and_never_larger_than_asked()
    {
        var rows = Enumerable.Range(100, 10).ToArray();
        Assert.Equal([100, 102, 105, 107], NoiseSweep.Subsample(rows, 4));
        Assert.Equal(rows, NoiseSweep.Subsample(rows, 0));
        Assert.Equal(rows, NoiseSweep.Subsample(rows, 50));
    }
}
