namespace WeightSpace.Bench;

/// <summary>
/// The bench's peak memory in megabytes: the engine's <see cref="Pipeline.PeakMemory"/> (reset before each
/// measured phase), falling back to .NET's never-reset peak working set where Linux' counter is missing.
/// </summary>
public static class PeakMemory
{
    public static void Reset() => Pipeline.PeakMemory.Reset();

    public static double Megabytes() =>
        (Pipeline.PeakMemory.Bytes() ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64) / 1e6;
}
