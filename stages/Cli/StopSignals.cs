using System.Runtime.InteropServices;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into a clean stop of the runner (exit 130, 143, 129), and,
/// with --stop-with-parent (what Cake passes), treats the launching process's death as SIGTERM:
/// Cake's StartProcess does not forward a signal sent to the cake process alone, and .NET's
/// default SIGTERM handling ends Cake at once, so the runner would otherwise go on orphaned.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly CancellationTokenSource _watch = new();

    private StopSignals() { }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();

    public static StopSignals Install(ProjectPaths paths, StopRequest stop, bool stopWithParent, Action<string> log)
    {
        var signals = new StopSignals();
        void Stop(string reason, int code) =>
            stop.Request(reason, code, Grace, () => Leftovers.RemoveScratchOf(paths, Environment.ProcessId), log);
        foreach (var (signal, name, code) in new[] { (PosixSignal.SIGINT, "SIGINT", 130), (PosixSignal.SIGTERM, "SIGTERM", 143), (PosixSignal.SIGHUP, "SIGHUP", 129) })
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the runner stops itself, after cleaning up
                Stop(name, code);
            }));
        if (stopWithParent && OperatingSystem.IsLinux())
        {
            var parent = GetParentProcessId();
            var token = signals._watch.Token;
            new Thread(() =>
            {
                while (!token.WaitHandle.WaitOne(250))
                    if (GetParentProcessId() != parent)
                    {
                        Stop("the launching process (Cake) exited", 143);
                        return;
                    }
            }) { IsBackground = true, Name = "parent watch" }.Start();
        }
        return signals;
    }

    public void Dispose()
    {
        _watch.Cancel();
        foreach (var r in _registrations) r.Dispose();
    }
}
