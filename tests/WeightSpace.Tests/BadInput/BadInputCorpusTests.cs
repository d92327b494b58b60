using System.Diagnostics;
using WeightSpace.Stages;
using WeightSpace.Tests.Pipeline;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// The bad-input corpus, each case through the command a user runs: the
/// bench program's `ingest --zoo=DIR` for a zoo folder, the runner's `run` for params.json. Every case must end
/// with exit code 2 and ONE line naming the file, row or key (no stack trace), publish nothing,
/// and leave the next run healthy.
/// </summary>
public sealed class BadInputCorpusTests
{
    private static readonly string RepositoryParams = Path.Combine(
        WeightSpace.Pipeline.ProjectPaths.Discover(AppContext.BaseDirectory).Root, "params.json");

    public static TheoryData<string> ZooCases => new(ZooCorpus.Cases.Select(c => c.Name));
    public static TheoryData<string> ParamsCases => new(ParamsCorpus.Cases.Select(c => c.Name));

    [Fact]
    public void The_corpus_holds_at_least_forty_distinct_cases()
    {
        var names = ZooCorpus.Cases.Select(c => c.Name).Concat(ParamsCorpus.Cases.Select(c => c.Name)).ToList();
        Assert.True(names.Count >= 40, $"{names.Count} cases");
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ZooCases))]
    public void A_malformed_zoo_folder_stops_bench_ingest_with_one_line_naming_the_fault(string name)
    {
        var c = ZooCorpus.Cases.Single(x => x.Name == name);
        using var repo = new TempRepo();
        using var dir = new TempDir();
        var zoo = Path.Combine(dir.Root, "zoo");
        TinyZoo.Write(zoo);
        c.Break(zoo);

        var (code, lines) = RunBench(["ingest", $"--zoo={zoo}", $"--root={repo.Root}", .. c.Args ?? []]);

        AssertOneLine(code, lines, c.Mentions, c.MustNotMention);
        Assert.False(Directory.Exists(repo.Paths.Full(Artifacts.BenchScratch)), "the bench left its scratch (an ingested file) behind");
        // The next run, on a repaired folder, is healthy.
        if (Directory.Exists(zoo)) Directory.Delete(zoo, recursive: true);
        TinyZoo.Write(zoo);
        var (again, errors) = RunBench(["ingest", $"--zoo={zoo}", $"--root={repo.Root}"]);
        Assert.True(again == 0, string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(ParamsCases))]
    public void A_malformed_params_file_stops_run_before_anything_runs_with_one_line_naming_the_key(string name)
    {
        var c = ParamsCorpus.Cases.Single(x => x.Name == name);
        using var repo = new TempRepo();
        var valid = File.ReadAllText(RepositoryParams);
        repo.Write("params.json", c.Break(valid));
        string[] profile = c.Profile is null ? [] : [$"--profile={c.Profile}"];

        var (code, lines) = RunRunner(["run", "zoo-tetris-seed", $"--root={repo.Root}", .. profile]);

        AssertOneLine(code, lines, ["params.json", .. c.Mentions], null);
        Assert.False(Directory.Exists(repo.Paths.Data), "a run with bad params touched data/");
        // The next run, with the mistake fixed, gets past params and builds the stage graph.
        repo.Write("params.json", valid);
        var (again, errors) = RunRunner(["stages", $"--root={repo.Root}"]);
        Assert.True(again == 0, string.Join("\n", errors));
    }

    /// <summary>
    /// Damaged pipeline state (the lock file, the stat cache, a cache object), through `run`: the
    /// run succeeds, the damaged part is discarded and rebuilt (never trusted), the output is the
    /// sound one, and the lock reads back without a warning.
    /// </summary>
    [Theory]
    [InlineData("lock-entry-of-the-wrong-shape")]
    [InlineData("lock-not-json")]
    [InlineData("stat-cache-not-json")]
    [InlineData("cache-object-with-a-flipped-byte")]
    public void A_damaged_lock_or_cache_file_is_discarded_and_the_next_run_is_healthy(string damage)
    {
        using var repo = new TempRepo();
        File.Copy(RepositoryParams, repo.Paths.Params);
        string[] run = ["run", "tetris-images", $"--root={repo.Root}", "--profile=smoke"];
        var (first, firstErrors) = RunRunner(run);
        Assert.True(first == 0, string.Join("\n", firstErrors));
        var output = repo.Paths.Full(Artifacts.TetrisImages);
        var sound = File.ReadAllBytes(output);

        switch (damage)
        {
            case "lock-entry-of-the-wrong-shape":
                File.WriteAllText(repo.Paths.LockFile, "{\"stages\":{\"tetris-images\":{}}}");
                break;
            case "lock-not-json":
                File.WriteAllText(repo.Paths.LockFile, "{\"stages\": {\"tetris-ima");
                break;
            case "stat-cache-not-json":
                File.WriteAllText(repo.Paths.StatCache, "[1, 2");
                break;
            default:
                // Every stored object gets a flipped byte; the output is deleted so the run must restore or recompute it.
                foreach (var obj in Directory.EnumerateFiles(repo.Paths.Objects, "*", SearchOption.AllDirectories))
                {
                    var bytes = File.ReadAllBytes(obj);
                    bytes[bytes.Length / 2] ^= 0x40;
                    File.WriteAllBytes(obj, bytes);
                }
                File.Delete(output);
                break;
        }

        var (code, errors) = RunRunner(run);
        Assert.True(code == 0, string.Join("\n", errors));
        Assert.Equal(sound, File.ReadAllBytes(output));
        var warnings = new List<string>();
        var lockFile = WeightSpace.Pipeline.LockFile.Load(repo.Paths.LockFile, warnings.Add);
        Assert.Empty(warnings);
        Assert.Contains("tetris-images", lockFile.Stages.Keys);
        // Restoring from the cache now gives the sound bytes too: nothing damaged was kept.
        File.Delete(output);
        Assert.Equal(0, RunRunner(run).Code);
        Assert.Equal(sound, File.ReadAllBytes(output));
    }

    [Fact]
    public void WEIGHTSPACE_TRACE_adds_the_stack_trace()
    {
        using var repo = new TempRepo();
        using var dir = new TempDir();
        TinyZoo.Write(dir.Root);
        File.AppendAllText(Path.Combine(dir.Root, "weights.npy"), "tail");
        Environment.SetEnvironmentVariable("WEIGHTSPACE_TRACE", "1");
        try
        {
            var (code, lines) = RunBench(["ingest", $"--zoo={dir.Root}", $"--root={repo.Root}"]);
            Assert.Equal(2, code);
            Assert.Contains(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEIGHTSPACE_TRACE", null);
        }
    }

    /// <summary>
    /// A file the user may not read. As root nothing is unreadable, so the runner is started as
    /// user nobody (setpriv) on a zoo whose metrics file only root may read.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task An_unreadable_file_is_named_with_exit_code_2()
    {
        using var repo = new TempRepo();
        using var dir = new TempDir();
        TinyZoo.Write(dir.Root);
        var metrics = Path.Combine(dir.Root, "metrics.csv.gz");
        File.SetUnixFileMode(metrics, UnixFileMode.None);
        int code;
        List<string> lines;
        if (Environment.UserName != "root")
        {
            (code, lines) = RunBench(["ingest", $"--zoo={dir.Root}", $"--root={repo.Root}"]);
        }
        else
        {
            // nobody must be able to enter the folders and write the bench's scratch under the root.
            foreach (var d in new[] { dir.Root, repo.Root })
                File.SetUnixFileMode(d, (UnixFileMode)0b111_111_111);
            var bench = typeof(WeightSpace.Bench.Program).Assembly.Location;
            var start = new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", bench,
                "ingest", $"--zoo={dir.Root}", $"--root={repo.Root}"]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await stdout;
            await process.WaitForExitAsync();
            code = process.ExitCode;
            lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        AssertOneLine(code, lines, ["metrics.csv.gz", "denied"], null);
    }

    private static (int Code, List<string> ErrorLines) RunRunner(string[] args) => Lines(error => Program.Run(args, error));

    private static (int Code, List<string> ErrorLines) RunBench(string[] args) => Lines(error => WeightSpace.Bench.Program.Run(args, error));

    private static (int Code, List<string> ErrorLines) Lines(Func<TextWriter, int> run)
    {
        var error = new StringWriter();
        var code = run(error);
        return (code, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static void AssertOneLine(int code, List<string> lines, string[] mentions, string[]? mustNotMention)
    {
        var all = string.Join("\n", lines);
        Assert.True(code == 2, $"exit code {code}, expected 2; stderr:\n{all}");
        Assert.True(lines.Count == 1, $"expected one line, got {lines.Count}:\n{all}");
        var line = lines[0];
        Assert.StartsWith("error: ", line);
        foreach (var m in mentions) Assert.True(line.Contains(m, StringComparison.Ordinal), $"'{m}' is not in: {line}");
        foreach (var m in mustNotMention ?? []) Assert.False(line.Contains(m, StringComparison.OrdinalIgnoreCase), $"'{m}' should not be in: {line}");
    }
}
