using System.Globalization;

namespace WeightSpace.Bench;

/// <summary>
/// The process' peak resident memory (Linux VmHWM), which the bench resets before each measured
/// phase (writing 5 to /proc/self/clear_refs), so a later phase is not charged for an earlier one.
/// Elsewhere it falls back to .NET's never-reset peak working set.
/// </summary>
public static class PeakMemory
{
    public static void Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public static double Megabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024 / 1e6;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }
}
