using Spectre.Console;

namespace WeightSpace.Stages;

/// <summary>
/// Progress lines of the runner. On a terminal the "[stage]" prefix is coloured and a stage's
/// closing line ("done in ...", "failed") stands out; when output is redirected (CI, pipes)
/// Spectre.Console writes the same lines as plain text.
/// </summary>
public static class ConsoleLog
{
    // Spectre wraps at the terminal width, 80 columns when redirected: a log line must stay one line.
    static ConsoleLog()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 100_000;
    }

    public static void Line(string line)
    {
        var close = line.IndexOf("] ", StringComparison.Ordinal);
        if (!line.StartsWith('[') || close < 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape(line));
            return;
        }
        var stage = Markup.Escape(line[1..close]);
        var rest = Markup.Escape(line[(close + 2)..]);
        var style = rest.StartsWith("done in", StringComparison.Ordinal) || rest.StartsWith("restored", StringComparison.Ordinal) ? "green"
            : rest.StartsWith("running", StringComparison.Ordinal) ? "yellow"
            : rest.StartsWith("  ", StringComparison.Ordinal) ? "grey" : "default";
        AnsiConsole.MarkupLine($"[bold blue][[{stage}]][/] [{style}]{rest}[/]");
    }
}
