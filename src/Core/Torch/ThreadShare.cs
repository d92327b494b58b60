using System.Diagnostics;
using System.Globalization;

namespace WeightSpace.Core.Torch;

/// <summary>
/// libtorch's thread count, lowered while other processes keep cores busy and raised again when they stop.
/// Two threads on two cores beside one busy process do not get two cores: each parallel region waits at its
/// barrier for the thread that is off its core, and AttnAE II fell from about 500 to 60-120 samples/s, where one
/// thread alone keeps about 240 (docs/benchmarks.md, "A busy neighbour"). Every kernel gives the same numbers on
/// any thread count (docs/reproducibility.md), so changing it between steps changes the speed, never the
/// results. The other processes' load is the machine's busy CPU time less this process' own, from /proc,
/// measured at most once a second. WEIGHTSPACE_FIXED_THREADS=1 keeps the configured count throughout.
/// </summary>
public static class ThreadShare
{
    /// <summary>Set to 1 to keep the configured thread count whatever else runs.</summary>
    public const string OptOut = "WEIGHTSPACE_FIXED_THREADS";

    /// <summary>Linux' clock ticks per second in /proc (USER_HZ, 100 on every architecture .NET runs on).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>A core counts as taken when other processes used at least this share of it since the last look.</summary>
    private const double TakenShare = 0.75;

    private static readonly Lock Gate = new();
    private static readonly Stopwatch Clock = new();
    private static int _configured, _current;
    private static long _machineBusy, _ownBusy;

    /// <summary>The thread count in force (0 before <see cref="Configure"/>).</summary>
    public static int Current => _current;

    /// <summary>Starts sharing from <paramref name="threads"/>, the configured count (params' run.threads), already set in libtorch.</summary>
    public static void Configure(int threads)
    {
        lock (Gate)
        {
            _configured = _current = threads;
            (_machineBusy, _ownBusy) = (MachineBusyTicks(), OwnBusyTicks());
            Clock.Restart();
        }
    }

    /// <summary>
    /// Call between steps (a training batch): at most once a second, sets libtorch's thread count to the configured
    /// one less the cores other processes took since the last look, at least one. Cheap when it does nothing.
    /// </summary>
    public static void Adjust()
    {
        if (_configured <= 1 || Clock.Elapsed.TotalSeconds < 1 || Environment.GetEnvironmentVariable(OptOut) == "1" || !OperatingSystem.IsLinux()) return;
        lock (Gate)
        {
            var seconds = Clock.Elapsed.TotalSeconds;
            var (machine, own) = (MachineBusyTicks(), OwnBusyTicks());
            var others = ((machine - _machineBusy) - (own - _ownBusy)) / TicksPerSecond / seconds; // cores
            (_machineBusy, _ownBusy) = (machine, own);
            Clock.Restart();
            var threads = Math.Clamp(_configured - (int)Math.Floor(others + (1 - TakenShare)), 1, _configured);
            if (threads == _current) return;
            TorchSharp.torch.set_num_threads(threads);
            _current = threads;
        }
    }

    /// <summary>Busy CPU time of the whole machine: /proc/stat's first line less idle and iowait, in ticks.</summary>
    private static long MachineBusyTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries); // cpu user nice system idle iowait irq softirq steal ...
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
    }

    /// <summary>This process' CPU time (utime + stime of /proc/self/stat), in ticks.</summary>
    private static long OwnBusyTicks()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": state is field 3, utime 14, stime 15
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
