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
        private readonly bool _peakReset = ResetPeak();

        public StageCost Stop() => new(_clock.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds,
            _peakReset ? PeakResident() : null);

        // Writing 5 to clear_refs resets VmHWM (Linux 4.0+); elsewhere the peak is not measured.
        private static bool ResetPeak()
        {
            try
            {
                if (!OperatingSystem.IsLinux()) return false;
                File.WriteAllText("/proc/self/clear_refs", "5");
                return PeakResident() is not null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static long? PeakResident()
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kib))
                    return kib * 1024;
            return null;
        }
    }
}
