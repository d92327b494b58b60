using System.Runtime.InteropServices;

namespace WeightSpace.Core.Torch;

/// <summary>
/// Pins the native math libraries to code paths that give the same bits on any x86-64 machine with
/// AVX2, whatever wider instructions the CPU also has. Without them MKL's GEMM takes its AVX-512 path
/// on AVX-512 machines and `zoo-tetris-seed` writes different weights. Must run before
/// libtorch is loaded: MKL, oneDNN and ATen read these variables once, from the native environment.
/// .NET's Environment.SetEnvironmentVariable does not reach that environment on Linux, so the
/// values are set with libc's setenv.
/// </summary>
public static class ReproducibleMath
{
    /// <summary>The pins, recorded in the lock file. Set unconditionally: a user's own value would
    /// make this machine's numbers differ from everyone else's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pins = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        // MKL conditional numerical reproducibility: the same kernels and reduction order on every CPU.
        ["MKL_CBWR"] = "COMPATIBLE",
        // oneDNN (convolutions) picks kernels by ISA; cap it at AVX2.
        ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
        // ATen's own vectorised kernels (reductions, softmax, layer norm) dispatch per CPU too.
        ["ATEN_CPU_CAPABILITY"] = "avx2",
    };

    /// <summary>Set to 1 to skip the pins (to measure their cost or show the difference they make).</summary>
    public const string OptOut = "WEIGHTSPACE_UNPINNED_MATH";

    /// <summary>Whether <see cref="Apply"/> set the pins in this process.</summary>
    public static bool Applied { get; private set; }

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>Call first thing in Main, before any TorchSharp type is touched.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(OptOut) == "1" || !OperatingSystem.IsLinux()) return;
        foreach (var (name, value) in Pins)
        {
            if (SetEnv(name, value, 1) != 0)
                throw new InvalidOperationException($"setenv({name}) failed (errno {Marshal.GetLastPInvokeError()})");
            Environment.SetEnvironmentVariable(name, value); // keep the managed view (and child processes) in step
        }
        Applied = true;
    }

    /// <summary>The pins in force, or "off": the runner's host passes these to the stage runner, which
    /// makes them part of every stage's key and records them in the lock file.</summary>
    public static IReadOnlyDictionary<string, string> Recorded() =>
        Applied ? Pins : new SortedDictionary<string, string>(StringComparer.Ordinal) { ["pins"] = $"off ({OptOut}=1)" };
}
