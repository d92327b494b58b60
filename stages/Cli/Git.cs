using System.Diagnostics;

namespace WeightSpace.Stages;

/// <summary>The git commands the runner uses: a file at a revision (metrics and params diffs), the
/// checked-out commit (the report page) and the repository's files (check-numbers' scratch copy).</summary>
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
        var (exit, text, error) = Run(root, "could not start git", "show", $"{revision}:{relativePath}");
        if (exit == 0) return text;
        if (error.Contains("does not exist in", StringComparison.Ordinal) || error.Contains("exists on disk, but not in", StringComparison.Ordinal))
            return null;
        throw new UsageException($"git show {revision}:{relativePath} failed: {error.Trim()}");
    }

    /// <summary>The checked-out commit as `git describe --always --dirty` prints it, or "unknown" outside a git checkout.</summary>
    public static string Describe(string root)
    {
        try
        {
            var (exit, text, _) = Run(root, "could not start git", "describe", "--always", "--dirty", "--abbrev=12");
            text = text.Trim();
            return exit == 0 && text.Length > 0 ? text : "unknown";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or UsageException)
        {
            return "unknown"; // no git on PATH
        }
    }

    /// <summary>The repository's files, tracked and untracked but not ignored, relative to <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> ListFiles(string root, string verb)
    {
        var (exit, listing, error) = Run(root, $"{verb}: could not start git", "ls-files", "-z", "-co", "--exclude-standard");
        if (exit != 0) throw new UsageException($"{verb}: git ls-files failed in {root}: {error.Trim()}");
        return listing.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (int Exit, string Output, string Error) Run(string root, string cannotStart, params string[] arguments)
    {
        var info = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(info) ?? throw new UsageException(cannotStart);
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, output, error);
    }
}
