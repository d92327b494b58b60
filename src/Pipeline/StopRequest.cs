using System.Runtime.InteropServices;

namespace WeightSpace.Pipeline;

/// <summary>
/// A request to stop the runner (SIGINT, SIGTERM, or the launching process gone), shared by the
/// signal handlers and the <see cref="StageRunner"/>. The runner checks it between stages and
/// before publishing; a stage may poll <see cref="Token"/>. A stage that does not poll (one deep
/// in native code, e.g. training in libtorch) is stopped after a short grace: this process's scratch is removed and
/// the process exits, but never while outputs are being published or the lock file written, so a
/// stop leaves the data folder exactly as before the stage, or exactly after it.
/// </summary>
public sealed class StopRequest
{
    private readonly CancellationTokenSource _source = new();
    private readonly object _publishing = new();
    private int _requested;
    private Action _cleanUp = () => { };

    public CancellationToken Token => _source.Token;

    /// <summary>Whether a stop was asked for.</summary>
    public bool Requested => Volatile.Read(ref _requested) == 1;

    /// <summary>The exit code the stop asks for (130 SIGINT, 143 SIGTERM), once requested.</summary>
    public int ExitCode { get; private set; }

    /// <summary>What asked for the stop, e.g. "SIGTERM".</summary>
    public string Reason { get; private set; } = "";

    /// <summary>Runs <paramref name="body"/> so that no stop cuts into it; throws if a stop came first.</summary>
    public void Uninterruptible(Action body)
    {
        lock (_publishing)
        {
            Token.ThrowIfCancellationRequested();
            body();
        }
    }

    /// <summary>
    /// Asks the runner to stop; the first request wins. If the main thread has not ended the
    /// process within <paramref name="grace"/>, <paramref name="cleanUp"/> runs (outside any
    /// publishing) and the process exits with the code.
    /// </summary>
    public void Request(string reason, int exitCode, TimeSpan grace, Action cleanUp, Action<string> log)
    {
        if (Interlocked.Exchange(ref _requested, 1) == 1) return;
        Reason = reason;
        ExitCode = exitCode;
        _cleanUp = cleanUp;
        log($"{reason}: stopping (nothing half-done is published)");
        _source.Cancel();
        new Thread(() =>
        {
            Thread.Sleep(grace);
            lock (_publishing)
            {
                cleanUp();
                log($"stopped by {reason}");
                ExitNow(exitCode);
            }
        }) { IsBackground = true, Name = "stop" }.Start();
    }

    /// <summary>
    /// The main thread's way out after a stop it noticed itself (a cancelled token between stages
    /// or before publishing): the same clean-up as the grace thread's, under the same lock, so the
    /// two never delete scratch at once and neither exits halfway through the other's clean-up.
    /// </summary>
    public void CleanUp()
    {
        lock (_publishing) _cleanUp();
    }

    /// <summary>
    /// Ends the process without running exit handlers: a stage abandoned inside native code still has
    /// threads in it, and the native library's static destructors under their feet end in a segfault (exit 139
    /// instead of 143, seen with libtorch on a SIGTERM mid-training). The OS releases the data-folder lock.
    /// </summary>
    public static void ExitNow(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsLinux()) ImmediateExit(exitCode);
        Environment.Exit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ImmediateExit(int status);
}
