using WeightSpace.Bench;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Experiments;

/// <summary>A synthetic CNN-format zoo ingested and split by model, as the CNN stages see it.</summary>
internal static class SyntheticCnnDataset
{
    public static (ZooDataset Data, WeightLayout Layout) Load(TempDir dir, int models, int epochs)
    {
        var folder = SyntheticCnnZoo.Write(dir.File("zoo"), models, epochs, seed: 3);
        var parquet = dir.File("zoo.parquet");
        ZooIngest.Run(folder.Directory, parquet);
        var split = dir.File("split.csv");
        ModelSplit.Create(ZooParquet.ReadModels(parquet), 0.6, 0.2, seed: 1).Write(split);
        return (ZooDataset.Load(parquet, split), LayoutCsv.Read(folder.LayoutPath));
    }
}
