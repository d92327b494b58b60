using System.Diagnostics;
using System.Runtime.InteropServices;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Waits for a submission's jobs: a line whenever a job or array task changes state (pending,
/// running, done, failed, cancelled) and a count of each, from squeue (sacct once the controller has
/// forgotten a job). At the end every failed job is named with its log file, exit 1. SIGINT (Ctrl-C),
/// SIGTERM, SIGHUP or the launching Cake gone: the jobs still queued or running are cancelled with
/// scancel, and the message says so.
/// </summary>
public static class SlurmWatch
{
    public static int Wait(ProjectPaths paths, SlurmSubmission submission, int pollSeconds, bool stopWithParent, Action<string> log)
    {
        using var stop = new CancellationTokenSource();
        var signal = (Name: "", Code: 0);
        var registrations = new[] { (PosixSignal.SIGINT, "SIGINT", 130), (PosixSignal.SIGTERM, "SIGTERM", 143), (PosixSignal.SIGHUP, "SIGHUP", 129) }
            .Select(s => PosixSignalRegistration.Create(s.Item1, context =>
            {
                context.Cancel = true;
                if (signal.Code == 0) signal = (s.Item2, s.Item3);
                stop.Cancel();
            })).ToList();
        if (stopWithParent) WatchParent(() =>
        {
            if (signal.Code == 0) signal = ("the launching process (Cake) exited", 143);
            stop.Cancel();
        }, stop.Token);
        try
        {
            return Poll(paths, submission, pollSeconds, log, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var states = SlurmStates.Of(submission.Units().Select(u => u.Id).ToList());
            var active = submission.Jobs.Where(j => j.Units().Any(u => SlurmStates.Active(states[u.Id].State))).Select(j => j.Id).ToList();
            if (active.Count > 0) SlurmTools.Run("scancel", active);
            log(active.Count > 0
                ? $"{signal.Name}: cancelled the {active.Count} submitted job(s) still queued or running with scancel ({string.Join(", ", active)}); the next run resubmits what did not finish"
                : $"{signal.Name}: no submitted job was still queued or running; nothing to cancel");
            return signal.Code;
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }

    private static int Poll(ProjectPaths paths, SlurmSubmission submission, int pollSeconds, Action<string> log, CancellationToken stop)
    {
        var units = submission.Units().ToList();
        var ids = units.Select(u => u.Id).ToList();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        string? lastCount = null;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var states = SlurmStates.Of(ids);
            foreach (var (id, label, _) in units)
            {
                var (state, slurm) = states[id];
                // A job Slurm does not report yet (just submitted) is pending; one it has forgotten keeps its last known state.
                if (state == SlurmStates.Unknown) state = seen.GetValueOrDefault(id, SlurmStates.Pending);
                if (seen.GetValueOrDefault(id) == state) continue;
                seen[id] = state;
                if (state != SlurmStates.Pending) log($"[slurm] {label}: {state}{(state is SlurmStates.Failed or SlurmStates.Cancelled ? $" ({slurm})" : "")}");
            }
            var count = string.Join(", ", new[] { SlurmStates.Done, SlurmStates.Running, SlurmStates.Pending, SlurmStates.Failed, SlurmStates.Cancelled }
                .Select(s => (State: s, N: seen.Values.Count(v => v == s))).Where(c => c.N > 0 || c.State == SlurmStates.Done).Select(c => $"{c.N} {c.State}"));
            if (count != lastCount) log($"[slurm] {count} of {units.Count} ({clock.Elapsed.TotalSeconds:0} s)");
            lastCount = count;
            if (!seen.Values.Any(SlurmStates.Active)) break;
            stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(pollSeconds));
        }

        var failed = units.Where(u => seen[u.Id] == SlurmStates.Failed).ToList();
        var cancelled = units.Where(u => seen[u.Id] == SlurmStates.Cancelled).ToList();
        if (failed.Count == 0 && cancelled.Count == 0)
        {
            log($"[slurm] all {units.Count} job(s) done in {clock.Elapsed.TotalSeconds:0} s");
            return 0;
        }
        foreach (var (_, label, file) in failed)
            log($"error: [slurm] {label} failed; its log: {file}{LastLine(paths.Full(file))}");
        if (cancelled.Count > 0)
            log($"[slurm] {cancelled.Count} job(s) cancelled (scancel, or a job they depend on failed): {string.Join(", ", cancelled.Select(u => u.Label))}");
        log($"[slurm] {failed.Count} failed, {cancelled.Count} cancelled of {units.Count}; the next run resubmits only those and what depends on them");
        return 1;
    }

    /// <summary>The log's last "error: ..." line (the runner's one-line reason), if it has one.</summary>
    private static string LastLine(string log)
    {
        try
        {
            var line = File.Exists(log) ? File.ReadLines(log).LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) : null;
            return line is null ? "" : $" ({line})";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>For `Status`: the last submission's jobs and where each is now (nothing when there was none).</summary>
    public static void PrintStatus(ProjectPaths paths)
    {
        if (SlurmSubmission.Load(paths) is not { } submission) return;
        var units = submission.Units().ToList();
        Dictionary<string, (string State, string Slurm)> states;
        try
        {
            states = SlurmStates.Of(units.Select(u => u.Id).ToList());
        }
        catch (UsageException e)
        {
            Console.WriteLine($"slurm: the last submission ({submission.Submitted:u}) had {units.Count} job(s); their states are not known here: {e.Message}");
            return;
        }
        Console.WriteLine($"slurm: the last submission ({submission.Submitted:u}, profile {submission.Profile}, {string.Join(", ", submission.Targets)}):");
        foreach (var (id, label, log) in units)
            Console.WriteLine($"  {label,-44} {states[id].State,-10} {log}");
        var counts = units.GroupBy(u => states[u.Id].State).Select(g => $"{g.Count()} {g.Key}");
        Console.WriteLine($"slurm: {string.Join(", ", counts)} of {units.Count}");
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();

    private static void WatchParent(Action gone, CancellationToken stop)
    {
        if (!OperatingSystem.IsLinux()) return;
        var parent = GetParentProcessId();
        new Thread(() =>
        {
            while (!stop.WaitHandle.WaitOne(250))
                if (GetParentProcessId() != parent)
                {
                    gone();
                    return;
                }
        }) { IsBackground = true, Name = "parent watch" }.Start();
    }
}
