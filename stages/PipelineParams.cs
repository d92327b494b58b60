using System.ComponentModel.DataAnnotations;

namespace WeightSpace.Stages;

/// <summary>
/// params.json, typed. One section per stage (or group of stages); each stage is handed only the
/// sections it declares, so its cache key covers every knob it can read. Unknown keys, wrong types
/// and out-of-range values are rejected before anything runs (see ParamsFile).
/// </summary>
public sealed record PipelineParams(
    RunSettings Run,
    ReportParams Report);

/// <summary>Settings every compute stage shares.</summary>
public sealed record RunSettings(
    [property: Range(0, int.MaxValue)] int Seed,              // root seed; each stage derives its own from it
    [property: Range(1, 256)] int Threads,                     // CPU threads for TorchSharp and parallel loops
    [property: AllowedValues("cpu", "cuda", "auto")] string Device); // auto = cuda when present, else cpu

/// <summary>How the report renders numbers.</summary>
public sealed record ReportParams(
    [property: Range(1, 8)] int SignificantDigits); // digits shown for ours, thesis and the difference
