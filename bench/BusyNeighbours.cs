using System.Diagnostics;

namespace WeightSpace.Bench;

/// <summary>
/// `--busy=N`: N single-threaded busy loops (separate processes, as another user's job would be) run
/// beside the bench and are stopped when it ends, to measure how a stage's throughput holds up on a
/// shared machine. Quote the quiet and the busy figure of the same bench, run one after the other.
/// </summary>
public sealed class BusyNeighbours : IDisposable
{
    private readonly List<Process> loops = [];

    public BusyNeighbours(int count)
    {
        if (count <= 0) return;
        for (var i = 0; i < count; i++)
            loops.Add(Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("could not start a busy loop (/bin/sh)"));
        Console.WriteLine($"beside {count} busy single-threaded process(es) (--busy={count})");
    }

    public void Dispose()
    {
        foreach (var loop in loops)
        {
            try { loop.Kill(); loop.WaitForExit(); } catch (InvalidOperationException) { } // already gone
            loop.Dispose();
        }
    }
}
