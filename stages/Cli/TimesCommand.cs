using System.Globalization;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// `times [--write]`: what each stage's last run cost, from data/pipeline.lock.json (wall time, the runner's
/// CPU time and peak resident memory while it ran, when and on which profile), as a markdown table; --write
/// puts it into docs/run-times.md's generated block, so the figures in the docs come from a run, not a hand.
/// </summary>
public static class TimesCommand
{
    public static readonly GeneratedDocs.Block Block = new("docs/run-times.md", "<!-- times --write -->\n", "<!-- end of the generated times -->");

    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "write");
        Commands.RejectValues(cli, "write");
        var lockFile = LockFile.Load(paths.LockFile);
        if (lockFile.Stages.Count == 0)
            throw new UsageException($"{paths.LockFile} records no stage yet: run the pipeline first (dotnet cake --target=Report)");
        var table = Table(lockFile, Machine());
        if (!cli.Has("write"))
        {
            Console.Write(table);
            return 0;
        }
        var file = paths.Full(Block.File);
        var text = File.ReadAllText(file);
        File.WriteAllText(file, Block.With(text, table));
        Console.WriteLine($"wrote the stage times of {lockFile.Stages.Count} stage(s) into {Block.File}");
        return 0;
    }

    /// <summary>One row per stage in the order the lock records them, then the total of the stages run.</summary>
    public static string Table(LockFile lockFile, string machine)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = lockFile.Stages.OrderBy(s => s.Value.FinishedAt).ToList();
        var lines = new List<string>
        {
            $"Machine: {machine}. Profile(s): {string.Join(", ", rows.Select(r => r.Value.Profile).Distinct())}; last stage finished {rows[^1].Value.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", c)} UTC.",
            "",
            "| stage | how | wall | CPU | CPU / wall | peak memory |",
            "|---|---|---:|---:|---:|---:|",
        };
        foreach (var (name, e) in rows)
        {
            var how = e.Origin == "run" ? "computed" : $"restored ({e.Origin}); wall is the original run's";
            lines.Add($"| {name} | {how} | {Seconds(e.DurationSeconds)} | {(e.CpuSeconds is { } cpu ? Seconds(cpu) : "—")} "
                + $"| {(e.CpuSeconds is { } u && e.DurationSeconds > 0 ? (u / e.DurationSeconds).ToString("0.00", c) : "—")} "
                + $"| {(e.PeakBytes is { } p ? StageCost.Gib(p) : "—")} |");
        }
        var wall = rows.Sum(r => r.Value.DurationSeconds);
        var cpuTotal = rows.Sum(r => r.Value.CpuSeconds ?? 0);
        var peak = rows.Max(r => r.Value.PeakBytes ?? 0);
        lines.Add($"| **all** | | {Seconds(wall)} | {(cpuTotal > 0 ? Seconds(cpuTotal) : "—")} | {(cpuTotal > 0 && wall > 0 ? (cpuTotal / wall).ToString("0.00", c) : "—")} | {(peak > 0 ? StageCost.Gib(peak) : "—")} |");
        return string.Join("\n", lines) + "\n";
    }

    private static string Seconds(double s) => s >= 120 ? $"{s / 60:0.0} min" : $"{s:0.0} s";

    private static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{model ?? "unknown CPU"}, {Environment.ProcessorCount} logical cores";
    }
}
