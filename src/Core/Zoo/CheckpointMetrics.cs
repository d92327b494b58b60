using System.Globalization;
using System.IO.Compression;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

/// <summary>One checkpoint's row of metrics.csv.gz.</summary>
/// <param name="ModelDir">The run's directory name; identifies the model (all its checkpoints share it).</param>
/// <param name="Step">The checkpoint's epoch.</param>
/// <param name="Config">Hyper-parameters by key without the "config." prefix (e.g. "activation" -> "relu"), as the file spells them.</param>
public sealed record CheckpointMetrics(
    string ModelDir,
    int Step,
    double TestAccuracy,
    double TrainAccuracy,
    double TestLoss,
    double TrainLoss,
    IReadOnlyDictionary<string, string> Config);
