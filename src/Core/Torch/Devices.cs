using static TorchSharp.torch;

namespace WeightSpace.Core.Torch;

/// <summary>Where tensors live: "cpu", "cuda" (an error without a CUDA device) or "auto" (cuda when present).</summary>
public static class Devices
{
    public static Device Resolve(string setting) => setting switch
    {
        "cpu" => CPU,
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new InvalidOperationException("run.device is 'cuda' but TorchSharp sees no CUDA device (this build ships the CPU libtorch; swap libtorch-cpu-linux-x64 for the CUDA package)"),
        "auto" => cuda.is_available() ? CUDA : CPU,
        _ => throw new ArgumentException($"unknown device '{setting}'; expected cpu, cuda or auto"),
    };

    /// <summary>Makes <paramref name="setting"/>'s device the default for every new tensor and module; returns it.</summary>
    public static Device Use(string setting)
    {
        var device = Resolve(setting);
        set_default_device(device);
        return device;
    }
}
