using System.ComponentModel;
using System.Diagnostics;

namespace WeightSpace.Stages;

/// <summary>
/// The one way the executor calls Slurm's commands (sbatch, squeue, sacct, scancel): the arguments
/// as a list, never through a shell, standard output and error captured. A command missing from
/// PATH (not on a Slurm login node) is a usage error naming it.
/// </summary>
public static class SlurmTools
{
    public static (int Exit, string Output, string Error) Run(string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info) ?? throw new UsageException($"could not start {tool}");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
        catch (Win32Exception)
        {
            throw new UsageException($"{tool} is not on PATH: --executor=slurm runs where Slurm's commands do (a login node; for a single-node test cluster: build/start-slurm.sh)");
        }
    }

    /// <summary>The command's output; a non-zero exit is a failure naming the command and what it said.</summary>
    public static string Output(string tool, IReadOnlyList<string> arguments)
    {
        var (exit, output, error) = Run(tool, arguments);
        if (exit != 0)
            throw new SlurmException($"{tool} {string.Join(' ', arguments.Where(a => !a.StartsWith("--wrap=", StringComparison.Ordinal)))} failed (exit {exit}): {error.Trim()}");
        return output;
    }
}

/// <summary>A Slurm command refused what the executor asked (a bad partition, account or time, sbatch options it does not know).</summary>
public sealed class SlurmException(string message) : Exception(message);
