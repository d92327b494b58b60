using System.Runtime.InteropServices;

namespace WeightSpace.Core.Torch;

/// <summary>
/// Keeps memory that libtorch frees inside the process instead of handing it back to the OS.
/// glibc serves large blocks from a fresh mmap and unmaps or trims them on free, so every training
/// step page-faults its activations in again; on these VMs first-touch memory is slow. Measured:
/// AttnAE II trained 2.2x slower without this (about 600 against 1,400 samples/s, `bench attnae2`),
/// and the batched CNN trainer took 6x the page faults and ~20 % more CPU per step (64 models,
/// batch 32). Process-wide and one-way; numbers are unchanged. The runner calls it at start-up,
/// and the CNN trainer too, for callers that are not the runner (tests, benches).
/// </summary>
public static class NativeHeap
{
    private const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3; // glibc malloc.h M_* values
    private static int _applied;

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    /// <summary>Idempotent; a no-op off Linux or off glibc (e.g. musl keeps its defaults).</summary>
    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _applied, 1) == 1) return;
        try
        {
            MallOpt(MmapThreshold, 32 * 1024 * 1024); // glibc's maximum on 64-bit
            MallOpt(TrimThreshold, int.MaxValue);
            MallOpt(TopPad, 256 * 1024 * 1024);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }
}
