using System.Runtime.InteropServices;

namespace WeightSpace.Core.Torch;

/// <summary>
/// Pins the native math libraries to code paths that give the same bits on any x86-64 machine with
/// AVX2, whatever wider instructions the CPU also has. Without them MKL's GEMM takes its AVX-512 path
/// on AVX-512 machines and `zoo-tetris-seed` writes different weights. Must run before
/// libtorch is loaded: MKL, oneDNN, ATen and OpenMP read these variables once, from the native environment.
/// .NET's Environment.SetEnvironmentVariable does not reach that environment on Linux, so the
/// values are set with libc's setenv.
/// </summary>
public static class ReproducibleMath
{
    /// <summary>The pins. Set unconditionally: a user's own value would make this machine's numbers
    /// differ from everyone else's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pins = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        // MKL conditional numerical reproducibility: the same kernels and reduction order on every CPU.
        ["MKL_CBWR"] = "COMPATIBLE",
        // oneDNN (convolutions, GELU) picks kernels by ISA; cap it at AVX2.
        ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
        // ATen's own vectorised kernels (reductions, softmax, layer norm) dispatch per CPU too.
        ["ATEN_CPU_CAPABILITY"] = "avx2",
        // With dynamic teams the OpenMP runtime and MKL size each parallel region from the machine's
        // load, and a different team splits the sums differently: the numbers would depend on what else runs.
        ["OMP_DYNAMIC"] = "FALSE",
        ["MKL_DYNAMIC"] = "FALSE",
    };

    /// <summary>The thread-count variables, set to params' run.threads by <see cref="UseThreads"/>:
    /// the thread count splits the sums, so it is part of the numbers.</summary>
    public static readonly IReadOnlyList<string> ThreadVariables = ["MKL_NUM_THREADS", "OMP_NUM_THREADS"];

    /// <summary>Every variable whose value changes the numbers; their actual values are recorded.</summary>
    public static readonly IReadOnlyList<string> MathVariables = [.. Pins.Keys, .. ThreadVariables];

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
        foreach (var (name, value) in Pins) Set(name, value);
        Applied = true;
    }

    /// <summary>
    /// Sets the thread-count variables to <paramref name="threads"/> (params' run.threads, pinned or
    /// not: torch.set_num_threads uses the same count). Call after params are loaded and before any
    /// TorchSharp type is touched: the OpenMP runtime reads OMP_NUM_THREADS when libtorch loads.
    /// </summary>
    public static void UseThreads(int threads)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var name in ThreadVariables) Set(name, threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Set(string name, string value)
    {
        if (SetEnv(name, value, 1) != 0)
            throw new InvalidOperationException($"setenv({name}) failed (errno {Marshal.GetLastPInvokeError()})");
        Environment.SetEnvironmentVariable(name, value); // keep the managed view (and child processes) in step
    }

    /// <summary>
    /// The actual value of every math variable (pinned or not; "(unset)" for one not set), the thread
    /// count and whether the pins were applied: the runner's host passes these to the stage runner,
    /// which makes them part of every stage's key and records them in the lock file, so results of
    /// one setting are never reused for another.
    /// </summary>
    /// <param name="environment">Reads a variable; the process environment when null (tests pass their own).</param>
    public static IReadOnlyDictionary<string, string> Recorded(int threads, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var recorded = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["pins"] = Applied ? "on" : $"off ({OptOut}=1)",
            ["threads"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var name in MathVariables) recorded[name] = environment(name) ?? "(unset)";
        return recorded;
    }
}
