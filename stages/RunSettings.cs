using System.ComponentModel.DataAnnotations;

namespace WeightSpace.Stages;

/// <summary>Settings every compute stage shares.</summary>
[ParamsSection("run")]
public sealed record RunSettings(
    [property: Range(0, 1000)] int Seed,                       // root seed; each stage derives its own from it (zoo model seeds: ModelSeeds, up to 1000)
    [property: Range(1, 256)] int Threads,                     // CPU threads for TorchSharp and parallel loops
    [property: AllowedValues("cpu", "cuda", "auto")] string Device); // auto = cuda when present, else cpu
