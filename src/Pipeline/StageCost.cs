using System.Diagnostics;

namespace WeightSpace.Pipeline;

/// <summary>What one stage run cost: wall time, CPU time of the runner process (every thread, native
/// ones included) and the process' peak resident memory while the stage ran (null where Linux' peak
/// counter could not be reset, /proc/self/clear_refs).</summary>
public sealed record StageCost(double WallSeconds, double CpuSeconds, long? PeakBytes)
{
    /// <summary>"44.0 s (CPU 85.2 s, peak 1.6 GiB)".</summary>
    public override string ToString() =>
        $"{WallSeconds:0.0} s (CPU {CpuSeconds:0.0} s{(PeakBytes is { } p ? $", peak {Gib(p)}" : "")})";

    public static string Gib(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GiB" : $"{bytes / (double)(1L << 20):0} MiB";

    /// <summary>Starts measuring: resets the process' peak resident memory to its current size.</summary>
    public static Meter Start() => new();

    public sealed class Meter
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly bool _peakReset = PeakMemory.Reset();

        public StageCost Stop() => new(_clock.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds,
            _peakReset ? PeakMemory.Bytes() : null);
    }
}
