using System.Diagnostics;

namespace WeightSpace.Stages;

/// <summary>Reads a file as it is at a git revision, for the metrics and params diffs.</summary>
public static class Git
{
    /// <summary>The file's text at <paramref name="revision"/>, or in the working tree when it is null; null when absent there.</summary>
    public static string? Show(string root, string? revision, string relativePath)
    {
        if (revision is null)
        {
            var full = Path.Combine(root, relativePath);
            return File.Exists(full) ? File.ReadAllText(full) : null;
        }
        var info = new ProcessStartInfo("git", ["show", $"{revision}:{relativePath}"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(info) ?? throw new UsageException("could not start git");
        var text = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode == 0) return text;
        if (error.Contains("does not exist in", StringComparison.Ordinal) || error.Contains("exists on disk, but not in", StringComparison.Ordinal))
            return null;
        throw new UsageException($"git show {revision}:{relativePath} failed: {error.Trim()}");
    }

    /// <summary>The checked-out commit as `git describe --always --dirty` prints it, or "unknown" outside a git checkout.</summary>
    public static string Describe(string root)
    {
        try
        {
            var info = new ProcessStartInfo("git", ["describe", "--always", "--dirty", "--abbrev=12"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(info);
            if (git is null) return "unknown";
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 && text.Length > 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on PATH
        }
    }
}
