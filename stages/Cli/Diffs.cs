using WeightSpace.Core.Report;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>metrics-diff and params-diff: a git revision against another, or against the working tree.</summary>
public static class Diffs
{
    public static int Metrics(ProjectPaths paths, CommandLine cli)
    {
        var (baseRev, head) = Revisions(cli);
        // Significant digits: 0 or less printed every value as 0; above 17 a double has no more digits.
        var precision = cli.Get("precision", 4, min: 1, max: 17);
        // --profile picks which report to compare (reports/ for the default, reports/<profile>/ otherwise).
        var file = Artifacts.MetricsSummary(Commands.Profile(cli) ?? ParamsFile.DefaultProfile);
        var oldJson = Git.Show(paths.Root, baseRev, file);
        var newJson = Git.Show(paths.Root, head, file);
        var old = MetricsDiff.Parse(oldJson, $"{baseRev}:{file}");
        var @new = MetricsDiff.Parse(newJson, $"{head ?? "workspace"}:{file}");
        Console.WriteLine($"{file}: {baseRev} -> {head ?? "workspace"}");
        if (MetricsDiff.ProfileWarning(MetricsDiff.ProfileOf(oldJson), MetricsDiff.ProfileOf(newJson), baseRev, head ?? "workspace") is { } warning)
            Console.WriteLine(warning);
        // Verdict changes first: what a reader checking the thesis looks for.
        Console.Write(MetricsDiff.RenderVerdicts(MetricsDiff.CompareVerdicts(MetricsDiff.ParseVerdicts(oldJson, $"{baseRev}:{file}"),
            MetricsDiff.ParseVerdicts(newJson, $"{head ?? "workspace"}:{file}")), baseRev, head ?? "workspace"));
        Console.Write(MetricsDiff.Render(MetricsDiff.Compare(old, @new), baseRev, head ?? "workspace", precision));
        return 0;
    }

    public static int Params(ProjectPaths paths, CommandLine cli)
    {
        var (baseRev, head) = Revisions(cli);
        const string file = "params.json";
        var old = ParamsDiff.Flatten(Git.Show(paths.Root, baseRev, file), $"{baseRev}:{file}");
        var @new = ParamsDiff.Flatten(Git.Show(paths.Root, head, file), $"{head ?? "workspace"}:{file}");
        Console.WriteLine($"{file}: {baseRev} -> {head ?? "workspace"}");
        var changes = ParamsDiff.Compare(old, @new);
        Console.Write(changes.Count == 0
            ? "no param changed\n"
            : MetricsDiff.Columns(["Param", baseRev, head ?? "workspace"], changes.Select(c => new[] { c.Key, c.Old ?? "—", c.New ?? "—" }).ToList()));
        return 0;
    }

    private static (string Base, string? Head) Revisions(CommandLine cli)
    {
        Commands.RejectUnknown(cli, "base", "head", "precision");
        var baseRev = cli.Get("base") is { Length: > 0 } b ? b : throw new UsageException($"{cli.Verb}: --base=<rev> is required (e.g. --base=HEAD~1)");
        return (baseRev, cli.Get("head") is { Length: > 0 } h ? h : null);
    }
}
