using System.Diagnostics;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;
using WeightSpace.Tests.Pipeline;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// Command-line mistakes (issue 23, classes 5 and 6), through the stage runner a Cake task calls
/// and through `dotnet cake` itself: each ends with ONE line naming the argument, key or file, the
/// exit code (2 a usage or input mistake, 1 an internal error), no stack trace, and data/ and
/// reports/ exactly as they were.
/// </summary>
public sealed class CommandLineCorpus
{
    private static readonly string RepositoryRoot = WeightSpace.Pipeline.ProjectPaths.Discover(AppContext.BaseDirectory).Root;

    /// <summary>A runner command line (the root is added) and what its one error line must name.</summary>
    public sealed record Case(string Name, string[] Args, string[] Mentions, int Code = 2);

    public static readonly IReadOnlyList<Case> Cases =
    [
        // class 5: the documented interface swallowed mistakes
        new("typo-of-a-known-option", ["run", "report", "--forse"], ["--forse", "did you mean '--force'"]),
        new("typo-of-profile", ["run", "report", "--profle=smoke"], ["--profle", "'--profile'"]),
        new("empty-profile", ["run", "report", "--profile="], ["--profile="]),
        new("empty-force", ["run", "report", "--force="], ["--force="]),
        new("force-names-no-stage", ["run", "report", "--force=no-such-stage"], ["no-such-stage"]),
        new("force-names-a-typo-of-a-stage", ["run", "report", "--force=tetris-images,zoo-tetris-sed"], ["zoo-tetris-sed", "'zoo-tetris-seed'"]),
        new("flag-given-a-value", ["run", "report", "--dry-run=no"], ["--dry-run"]),
        new("unknown-verb", ["rnu", "report"], ["'rnu'", "'run'"]),
        // class 6: ordinary mistakes that crashed with a stack trace
        new("unknown-stage", ["run", "no-such-stage"], ["no-such-stage"]),
        new("wait-overflows-a-timespan", ["run", "report", "--wait=1e308"], ["--wait=1e308"]),
        new("wait-not-a-number", ["run", "report", "--wait=NaN"], ["--wait=NaN"]),
        new("profile-climbs-out", ["run", "report", "--profile=../x"], ["--profile=../x"]),
        new("profile-named-like-a-report-folder", ["run", "report", "--profile=tables"], ["--profile=tables"]),
        new("precision-too-large", ["metrics-diff", "--base=HEAD", "--precision=400"], ["--precision=400"]),
        new("precision-zero", ["metrics-diff", "--base=HEAD", "--precision=0"], ["--precision=0"]),
        new("precision-negative", ["metrics-diff", "--base=HEAD", "--precision=-1"], ["--precision=-1"]),
    ];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_command_line_mistake_is_one_line_naming_the_argument(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        using var repo = NewRepo();
        var (code, lines) = RunRunner([.. c.Args, $"--root={repo.Root}"], repo.Root);
        AssertOneLine(code, lines, c.Mentions, c.Code);
    }

    [Fact]
    public void Embed_with_zero_threads_is_a_usage_error_not_a_native_abort()
    {
        using var repo = NewRepo();
        var input = Npy(repo, "points.npy", "(30, 3)", new float[90]);
        var (code, lines) = RunRunner(["embed", $"--in={input}", $"--out={repo.Root}/data/out.npy", "--threads=0", $"--root={repo.Root}"], repo.Root);
        AssertOneLine(code, lines, ["--threads=0"]);
    }

    [Theory]
    [InlineData("(99999999999999, 99999999)")] // the byte count overflowed a long
    [InlineData("(5, 0)")] // no columns: a division by zero later
    public void An_npy_with_an_impossible_shape_names_the_file(string shape)
    {
        using var repo = NewRepo();
        var input = Npy(repo, "bad-shape.npy", shape, []);
        var (code, lines) = RunRunner(["embed", $"--in={input}", $"--out={repo.Root}/out.npy", $"--root={repo.Root}"], repo.Root);
        AssertOneLine(code, lines, ["bad-shape.npy"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2\nzero\n")]
    [InlineData("2\n0\n7\n")]
    public void Cnn_merge_refuses_a_broken_models_txt_naming_it(string models)
    {
        using var repo = NewRepo();
        var shard = Path.Combine(repo.Root, "shard-0");
        TinyZoo.Write(shard);
        File.WriteAllText(Path.Combine(shard, "models.txt"), models);
        var (code, lines) = RunRunner(["cnn-merge", $"--out={repo.Root}/merged", shard, $"--root={repo.Root}"], repo.Root);
        AssertOneLine(code, lines, ["models.txt"]);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "merged")), "a refused merge left an output folder");
    }

    [Fact]
    public void Run_device_cuda_without_a_cuda_device_names_the_key()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // the mistake needs a CPU-only machine
        using var repo = NewRepo();
        repo.Write("params.json", File.ReadAllText(repo.Paths.Params).Replace("\"device\": \"auto\"", "\"device\": \"cuda\""));
        Assert.Contains("\"device\": \"cuda\"", File.ReadAllText(repo.Paths.Params));
        var (code, lines) = RunRunner(["run", "tetris-images", "--profile=smoke", $"--root={repo.Root}"], repo.Root);
        AssertOneLine(code, lines, ["run.device", "no CUDA device is available"]);
    }

    [Fact]
    public void An_exception_that_escapes_is_one_line_and_exit_1()
    {
        var error = new StringWriter();
        var code = Program.Guarded(error, () => throw new InvalidOperationException("something broke\nacross lines"));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        AssertOneLine(code, lines, ["something broke across lines"], expectedCode: 1);
    }

    /// <summary>A writer disposed while an exception propagates keeps that exception (a full disk read "0 rows were written").</summary>
    [Fact]
    public void A_writer_disposed_during_an_exception_never_hides_it_and_leaves_no_file()
    {
        using var dir = new TempDir();
        var path = dir.File("w.npy");
        var e = Assert.Throws<IOException>((Action)(() =>
        {
            using var writer = NpyWriter.Create(path, 10, 2);
            writer.WriteRows(new float[2]);
            throw new IOException("No space left on device");
        }));
        Assert.Equal("No space left on device", e.Message);
        Assert.False(File.Exists(path), "an unfinished .npy was left behind");

        var features = dir.File("f.parquet");
        var f = Assert.Throws<IOException>((Action)(() =>
        {
            using var writer = new WeightSpace.Core.Features.FeatureFileWriter(features, ["global:mean"]);
            writer.Write([0], [0], [1.0], 1);
            throw new IOException("No space left on device");
        }));
        Assert.Equal("No space left on device", f.Message);
        Assert.False(File.Exists(features), "an unfinished feature file was left behind");
    }

    /// <summary>
    /// `dotnet cake` itself, in a skeleton copy of the repository (the build scripts and a stage list;
    /// the runner is never started): a typo of an argument, an unknown --force stage, an unknown
    /// target and an empty value each exit with code 2 and one line, before anything runs.
    /// </summary>
    [Fact]
    public async Task Dotnet_cake_refuses_an_unknown_argument_stage_or_target_with_one_line_and_exit_2()
    {
        using var repo = CakeSkeleton();
        foreach (var (args, mentions) in new (string[], string[])[]
        {
            (["--profle=smoke"], ["--profle", "'--profile'"]),
            (["--force=zoo-tetris-sed"], ["zoo-tetris-sed", "'zoo-tetris-seed'"]),
            (["--target=Staus"], ["'Staus'", "'Status'"]),
            // An empty value given apart reaches build/arguments.cake (`--profile=` is refused by Cake's own parser first, docs/pipeline.md).
            (["--profile", ""], ["--profile", "empty value"]),
        })
        {
            var before = PublishedFiles.Checksums(repo.Root);
            var start = new ProcessStartInfo("dotnet", ["cake", .. args]) { WorkingDirectory = repo.Root, RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var lines = (stderr + await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Length > 0).ToList();
            AssertOneLine(process.ExitCode, lines, mentions);
            PublishedFiles.AssertUnchanged(repo.Root, before);
        }
    }

    /// <summary>A repository with this checkout's params.json and a published file in data/ and reports/.</summary>
    private static TempRepo NewRepo()
    {
        var repo = new TempRepo();
        File.Copy(Path.Combine(RepositoryRoot, "params.json"), repo.Paths.Params);
        repo.Write("data/notes.txt", "a user's file");
        repo.Write("reports/metrics.json", "{}");
        return repo;
    }

    /// <summary>
    /// The build scripts with what they need to start without building: a runner "build" whose stamp
    /// holds its sources' content hash, and the stage list the runner would print under that hash.
    /// </summary>
    private static TempRepo CakeSkeleton()
    {
        var repo = NewRepo();
        foreach (var file in new[] { "build.cake", "cake.config", ".config/dotnet-tools.json" }
                     .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot, "build"), "*.cake").Select(f => Path.GetRelativePath(RepositoryRoot, f))))
        {
            var target = repo.Paths.Full(file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryRoot, file), target);
        }
        string[] sources = ["src/Source.cs", "stages/Source.cs"];
        foreach (var source in sources) repo.Write(source, "");
        var release = "stages/bin/Release";
        repo.Write($"{release}/net10.0/linux-x64/WeightSpace.Stages.dll", "");
        // The stamp holds the content hash of the sources the runner was built from (build/runner.cake,
        // SourceHash: each file's repo-relative path, a NUL, its length as 8 little-endian bytes, its bytes).
        var stamp = SkeletonSourceHash(sources);
        repo.Write($"{release}/runner.stamp", stamp);
        var names = new StringWriter();
        var console = Console.Out;
        Console.SetOut(names);
        try { Assert.Equal(0, Program.Run(["stages", "--names", $"--root={repo.Root}"], TextWriter.Null)); }
        finally { Console.SetOut(console); }
        repo.Write($"{release}/stages.txt", $"# {stamp}\n" + names);
        return repo;
    }

    /// <summary>build/runner.cake's SourceHash of empty source files (the skeleton's), in ordinal path order.</summary>
    private static string SkeletonSourceHash(IEnumerable<string> emptyFiles)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in emptyFiles.Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\0"));
            sha.AppendData(BitConverter.GetBytes(0L));
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    private static string Npy(TempRepo repo, string name, string shape, float[] data)
    {
        using var s = new MemoryStream();
        s.Write(NpyFormat.Frame($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", 1));
        foreach (var f in data) s.Write(BitConverter.GetBytes(f));
        var path = Path.Combine(repo.Root, name);
        File.WriteAllBytes(path, s.ToArray());
        return path;
    }

    /// <summary>Runs the runner in-process and checks data/ and reports/ of <paramref name="root"/> did not change.</summary>
    private static (int Code, List<string> Lines) RunRunner(string[] args, string root)
    {
        var before = PublishedFiles.Checksums(root);
        var error = new StringWriter();
        var code = Program.Run(args, error);
        PublishedFiles.AssertUnchanged(root, before);
        return (code, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static void AssertOneLine(int code, List<string> lines, string[] mentions, int expectedCode = 2)
    {
        var all = string.Join("\n", lines);
        Assert.True(code == expectedCode, $"exit code {code}, expected {expectedCode}; stderr:\n{all}");
        Assert.True(lines.Count == 1, $"expected one line, got {lines.Count}:\n{all}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", all);
        foreach (var m in mentions) Assert.True(lines[0].Contains(m, StringComparison.Ordinal), $"'{m}' is not in: {lines[0]}");
    }
}
