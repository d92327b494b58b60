using System.Runtime.InteropServices;

namespace WeightSpace.Core.Torch;

/// <summary>
/// How libtorch's OpenMP threads wait, so that a learned stage keeps its pace beside other work on the
/// machine. By default libgomp spins up to 300,000 times before a waiting thread sleeps. With one other
/// busy process on two cores, one of the team's two threads is often off its core; the other then
/// spins at every barrier for the whole wait, on the core the missing thread needs, and a stage fell to
/// a fifth of its quiet speed. A passive wait sleeps at once. The wait policy decides only when a thread
/// waits, not what it computes: the numbers are the same either way (tests/faults/same-numbers.sh
/// runs one side with OMP_WAIT_POLICY=ACTIVE). Not part of any stage's key, and a user's own setting is
/// kept.
/// </summary>
public static class SharedMachine
{
    /// <summary>The variables set when the user has not set them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["OMP_WAIT_POLICY"] = "PASSIVE",
    };

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>Call first thing in Main, before any TorchSharp type is touched (libgomp reads these once).</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var (name, value) in Defaults)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 }) continue;
            if (SetEnv(name, value, 0) != 0)
                throw new InvalidOperationException($"setenv({name}) failed (errno {Marshal.GetLastPInvokeError()})");
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
