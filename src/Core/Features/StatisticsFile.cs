using WeightSpace.Core.IO;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Features;

/// <summary>
/// The statistics of every checkpoint of an ingested zoo, streamed row group by row group into a
/// feature file (<see cref="FeatureFileWriter"/>), rows in the zoo's order. The next row group is
/// read on a thread of its own while this one's statistics are computed (rows in parallel) and
/// written: memory is a few row groups whatever the zoo's size.
/// </summary>
public static class StatisticsFile
{
    /// <summary>Batches alive at once when reading ahead: the one computed, the one queued, the one being read.</summary>
    private const int WeightBuffers = 3;

    /// <returns>The number of checkpoints written.</returns>
    /// <param name="progress">Called after each row group with the checkpoints written so far.</param>
    public static int Write(string ingestedParquet, WeightStatistics calculator, string outputPath,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var f = calculator.FeatureCount;
        using var writer = new FeatureFileWriter(outputPath, calculator.FeatureNames);
        var rows = 0;
        var features = Array.Empty<double>(); // one buffer for every batch's features (rows x features)
        var batches = ZooParquet.ReadBatches(ingestedParquet, reuseBuffers: true, buffers: WeightBuffers, idsAndWeightsOnly: true);
        foreach (var batch in ReadAhead.Of(batches, cancellationToken))
        {
            if (features.Length < batch.Rows * f) features = new double[batch.Rows * f];
            calculator.ComputeInto(batch.WeightMemory, features, f, 0);
            writer.Write(batch.ModelIds, batch.Epochs, features, batch.Rows);
            rows += batch.Rows;
            progress?.Invoke(rows);
        }
        writer.Complete();
        return rows;
    }
}
