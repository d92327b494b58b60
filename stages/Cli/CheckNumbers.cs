using System.Diagnostics;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Report;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// `check-numbers --stages=a,b [--keep]`: does this machine reproduce the committed numbers? Recomputes
/// the named stages of the default profile, with their upstream, in a scratch copy of the repository
/// (a temporary folder: the user's data/ and reports/ are never touched), then compares every metric
/// they produce with the committed reports/metrics.json (HEAD's), keys and rounding as the report
/// builds them. Exit 0 when all are equal, 1 on any difference (each named with both values).
/// </summary>
public static class CheckNumbers
{
    /// <summary>The committed report the check compares with (the default profile's).</summary>
    public static readonly string Committed = Artifacts.MetricsSummary(ParamsFile.DefaultProfile);

    public static int Run(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "stages", "keep");
        if (cli.Names.Count > 0) throw new UsageException($"check-numbers: name the stages with --stages=a,b, not '{cli.Names[0]}'");
        if (cli.Get("profile") is { } profile && profile != ParamsFile.DefaultProfile)
            throw new UsageException($"check-numbers: --profile={profile}: the check recomputes the default profile, whose report is the committed one");
        var stages = StagesOf(cli, paths);
        var committedJson = Git.Show(paths.Root, "HEAD", Committed)
            ?? throw new UsageException($"check-numbers: no committed {Committed} at HEAD to compare with");
        var committed = MetricsDiff.Parse(committedJson, $"HEAD:{Committed}");

        var scratch = Directory.CreateTempSubdirectory("weightspace-check-").FullName;
        var keep = cli.Has("keep");
        var clock = Stopwatch.StartNew();
        try
        {
            Console.WriteLine($"check-numbers: recomputing {string.Join(", ", stages)} and their upstream (default profile) in {scratch}; this can take many minutes");
            CopyRepository(paths, scratch);
            var scratchPaths = new ProjectPaths(scratch);
            var code = Commands.Run(scratchPaths, CommandLine.Parse(["run", .. stages]));
            if (code != 0) return code;
            var recomputed = Recomputed(scratchPaths);
            var changes = NumbersCheck.Compare(committed, recomputed);
            var compared = NumbersCheck.InScope(committed, recomputed).Keys.Union(recomputed.Keys).Count();
            Console.WriteLine($"check-numbers: {compared} metric(s) of {string.Join(", ", recomputed.Keys.Select(NumbersCheck.Scope).Distinct())} " +
                $"compared with HEAD:{Committed} ({clock.Elapsed.TotalMinutes:F1} min)");
            if (changes.Count == 0)
            {
                Console.WriteLine("check-numbers: every metric equals the committed value: this machine reproduces them");
                return 0;
            }
            Console.WriteLine($"check-numbers: {changes.Count} metric(s) differ from the committed report:");
            foreach (var line in NumbersCheck.Describe(changes)) Console.WriteLine(line);
            return 1;
        }
        finally
        {
            if (keep) Console.WriteLine($"check-numbers: the scratch copy is kept in {scratch}");
            else Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The --stages list, each checked against the default profile's stages.</summary>
    private static IReadOnlyList<string> StagesOf(CommandLine cli, ProjectPaths paths)
    {
        var names = (cli.Get("stages") ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (names.All(n => n.Length == 0)) throw new UsageException("check-numbers: --stages=a,b is required (the stages to recompute; see `stages --names`)");
        if (names.Any(n => n.Length == 0)) throw new UsageException($"check-numbers: --stages={cli.Get("stages")} has an empty stage name");
        var (loaded, parameters) = Commands.LoadParams(paths, CommandLine.Parse(["stages"]));
        var known = StageCatalog.Create(parameters, loaded.Profile).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (names.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            throw new UsageException($"check-numbers: --stages: unknown stage '{unknown}' (see `stages --names`)");
        return names.Distinct().ToList();
    }

    /// <summary>The metrics of every metrics part in the scratch copy, keyed and rounded as metrics.json's.</summary>
    public static IReadOnlyDictionary<string, double> Recomputed(ProjectPaths scratch)
    {
        var folder = scratch.Full(Artifacts.MetricsDir);
        var parts = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.parquet").Order(StringComparer.Ordinal).ToList() : [];
        var rows = ReportQuery.Run(scratch.Full(Artifacts.Reference), parts, ThesisReport.Catalog);
        return ReportRenderer.Summary(rows.Where(r => !FigureRenderer.IsFigure(r.Key.Table)));
    }

    /// <summary>The repository's files as git lists them (tracked, and untracked but not ignored: the
    /// code the runner hashes, params.json, data/reference), without data/ outputs or reports/.</summary>
    private static void CopyRepository(ProjectPaths paths, string scratch)
    {
        var reference = Path.GetDirectoryName(Artifacts.Reference)!.Replace('\\', '/') + "/";
        foreach (var file in Git.ListFiles(paths.Root, "check-numbers"))
        {
            var wanted = file.StartsWith(reference, StringComparison.Ordinal)
                || !(file.StartsWith("data/", StringComparison.Ordinal) || file.StartsWith("reports/", StringComparison.Ordinal));
            var source = paths.Full(file);
            if (!wanted || !File.Exists(source)) continue;
            var target = Path.Combine(scratch, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }
}
