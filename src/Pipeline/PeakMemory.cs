namespace WeightSpace.Pipeline;

/// <summary>
/// The process' peak resident memory (Linux VmHWM) and its reset (writing 5 to /proc/self/clear_refs,
/// Linux 4.0+), so a stage or a bench phase is not charged for an earlier one. Null / false where the
/// counter cannot be read or reset.
/// </summary>
public static class PeakMemory
{
    public static bool Reset()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        return Bytes() is not null;
    }

    public static long? Bytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kib) ? kib * 1024 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
