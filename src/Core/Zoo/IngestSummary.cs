using Parquet;

namespace WeightSpace.Core.Zoo;

/// <param name="Rows">Checkpoints written.</param>
/// <param name="DroppedNonFinite">Checkpoints skipped for non-finite weights, or finite ones beyond ±<see cref="ZooIngest.MaxAbsWeight"/> whose statistics would overflow.</param>
/// <param name="Models">Distinct models written (model ids are 0..Models-1).</param>
/// <param name="Parameters">Weights per checkpoint.</param>
/// <param name="SkippedOtherDatasets">Checkpoints of other image sets (config.dataset) in the same files.</param>
public sealed record IngestSummary(int Rows, int DroppedNonFinite, int Models, int Parameters, int SkippedOtherDatasets = 0);
