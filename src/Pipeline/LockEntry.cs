using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeightSpace.Pipeline;

/// <summary>One stage's entry in data/pipeline.lock.json (compare dvc.lock).</summary>
public sealed record LockEntry(
    string Key,
    StageFingerprint Fingerprint,
    IReadOnlyList<HashedFile> Outs,
    double DurationSeconds,
    string Profile,
    DateTimeOffset FinishedAt,
    string Origin,
    double? CpuSeconds = null,
    long? PeakBytes = null);
