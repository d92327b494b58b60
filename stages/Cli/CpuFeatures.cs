using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using WeightSpace.Core.Torch;
using WeightSpace.Pipeline;
using static TorchSharp.torch;

namespace WeightSpace.Stages;

/// <summary>
/// `cpu-features`: what this process sees of the CPU's vector features and the math variables
/// (docs/reproducibility.md), for tests/faults/same-numbers.sh. Runs a convolution and a GELU so that,
/// with ONEDNN_VERBOSE=1, oneDNN prints the instruction set it dispatches to.
/// </summary>
public static class CpuFeatures
{
    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli);
        Console.WriteLine($".NET: Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated} Avx512F.IsSupported={Avx512F.IsSupported} " +
            $"Vector256.IsHardwareAccelerated={Vector256.IsHardwareAccelerated} Avx2.IsSupported={Avx2.IsSupported}");
        Console.WriteLine($"math variables: pins {(ReproducibleMath.Applied ? "on" : "off")}, " +
            string.Join(" ", ReproducibleMath.MathVariables.Select(n => $"{n}={Environment.GetEnvironmentVariable(n) ?? "(unset)"}")));
        using (NewDisposeScope())
        {
            var image = rand(1, 3, 32, 32);
            var conv = nn.functional.conv2d(image, rand(8, 3, 3, 3));
            var gelu = nn.functional.gelu(rand(64, 256));
            Console.WriteLine($"libtorch: a convolution and a GELU ran ({conv.shape[1]} channels, {gelu.numel()} values)");
        }
        return 0;
    }
}
