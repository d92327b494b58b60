using System.Text.Json.Nodes;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Pipeline;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.BadInput;

/// <summary>
/// Nonsense that used to be accepted: params.json values that are each of the
/// right type but make no sense (a negative log-scale bound, dropout of 1.5, checkpoints out of
/// order, a profile named "default" or "../x"), and downloaded zoos whose metrics cannot be paired
/// with their weights (a negative step, rows re-sorted). Each is refused before anything runs, as
/// the rest of the corpus: exit code 2, one line naming the key or the file and row, and nothing
/// published (data/, reports/) changed.
/// </summary>
public sealed class NonsenseCorpus
{
    private static readonly string RepositoryParams = Path.Combine(
        WeightSpace.Pipeline.ProjectPaths.Discover(AppContext.BaseDirectory).Root, "params.json");

    public static readonly IReadOnlyList<ParamsCase> ParamsCases =
    [
        // the cnn_zoo ranges: each item, by index
        new("log-init-std-negative", Set("[-1, 0.5]", "cnn_zoo", "log_init_std"), "smoke", ["'cnn_zoo.log_init_std[0]' = -1 is out of range: must be in (0, 10]"]),
        new("log-l2-zero", Set("[0, 0.01]", "cnn_zoo", "log_l2"), "smoke", ["'cnn_zoo.log_l2[0]' = 0 is out of range"]),
        new("dropout-above-one", Set("[0.2, 1.5]", "cnn_zoo", "dropout"), null, ["'cnn_zoo.dropout[1]' = 1.5 is out of range: must be in [0, 1)"]),
        new("dropout-of-one", Set("[1, 1]", "profiles", "thesis", "cnn_zoo", "dropout"), "smoke", ["profile 'thesis'", "'cnn_zoo.dropout[0]' = 1 is out of range"]),
        new("train-fraction-zero", Set("[0]", "cnn_zoo", "train_fractions"), "smoke", ["'cnn_zoo.train_fractions[0]' = 0 is out of range: must be in (0, 1]"]),
        // rules across the items of one list
        new("range-given-high-to-low", Set("[0.6, 0.1]", "cnn_zoo", "dropout"), "smoke", ["'cnn_zoo.dropout[1]' = 0.1", "[lo, hi] with lo <= hi"]),
        new("log-range-given-high-to-low-in-thesis", Set("[0.05, 0.0005]", "profiles", "thesis", "cnn_zoo", "log_learning_rate"), "smoke", ["profile 'thesis'", "'cnn_zoo.log_learning_rate[1]' = 0.0005"]),
        new("checkpoint-negative", Set("[-1, 0, 1]", "cnn_zoo", "checkpoints"), "smoke", ["'cnn_zoo.checkpoints[0]' = -1 is out of range"]),
        new("checkpoints-descending", Set("[0, 2, 1]", "cnn_zoo", "checkpoints"), "smoke", ["'cnn_zoo.checkpoints[2]' = 1", "strictly increasing"]),
        new("checkpoint-repeated-in-smoke", Set("[0, 1, 1]", "profiles", "smoke", "cnn_zoo", "checkpoints"), null, ["profile 'smoke'", "'cnn_zoo.checkpoints[2]' = 1", "strictly increasing"]),
        new("checkpoints-train-nothing", Set("[0]", "cnn_zoo", "checkpoints"), "smoke", ["'cnn_zoo.checkpoints'", "must be at least 1"]),
        // other lists, by the same mechanism
        new("ridge-alpha-negative", Set("[0, 1, -1]", "baselines", "ridge_alphas"), "smoke", ["'baselines.ridge_alphas[2]' = -1 is out of range"]),
        new("logistic-c-zero", Set("[0, 1]", "cnn_attention", "logistic_cs"), "smoke", ["'cnn_attention.logistic_cs[0]' = 0 is out of range"]),
        new("statistic-unknown", Set("[\"mean\", \"p150\"]", "statistics", "set"), "smoke", ["'statistics.set[1]' = \"p150\"", "pN with N in [0, 100]"]),
        new("statistic-twice", Set("[\"mean\", \"var\", \"MEAN\"]", "statistics", "set"), "smoke", ["'statistics.set[2]' = \"MEAN\"", "twice"]),
        new("table8-model-twice", Set("[\"dnn\", \"gru-attn\", \"dnn\"]", "cnn_table8", "models"), "smoke", ["'cnn_table8.models[2]' = \"dnn\"", "twice"]),
        new("snr-twice", Set("[0, 10, 10]", "noise", "snr_db"), "smoke", ["'noise.snr_db[2]' = 10", "twice"]),
        // profile names
        new("profile-named-default", Set("{ \"run\": { \"seed\": 1 } }", "profiles", "default"), "smoke", ["'profiles.default'", "may not be named 'default'"]),
        new("profile-named-like-a-report-folder", Set("{}", "profiles", "tables"), "smoke", ["'profiles.tables'", "cannot name a report folder"]),
        new("profile-name-climbing-out", Set("{}", "profiles", "../escape"), "smoke", ["'profiles.../escape'", "cannot name a report folder"]),
        new("profile-name-with-a-slash", Set("{}", "profiles", "a/b"), null, ["'profiles.a/b'", "cannot name a report folder"]),
    ];

    private const string Metrics = ZooFolder.MetricsFileName, Npy = ZooFolder.WeightsFileName;

    /// <summary>Downloaded zoos (a <see cref="TinyZoo"/>: 3 models x 4 steps) whose metrics cannot be paired with their weights.</summary>
    public static readonly IReadOnlyList<ZooCase> ZooCases =
    [
        new("metrics-negative-step", d => EditMetrics(d, rows => rows.Select((r, i) => i == 1 ? r with { Step = -5 } : r)), [Metrics, "row 2", "step -5 is negative"]),
        // Sorted by step (all models' step 0, then step 1, ...): weight row 2 would get run-001's step 0.
        new("metrics-re-sorted-by-step", d => EditMetrics(d, rows => rows.OrderBy(r => r.Step)), [Metrics, "row 4", "'run-000' comes back", "model-major"]),
        new("metrics-steps-descending", d => EditMetrics(d, rows => rows.OrderBy(r => r.ModelDir).ThenByDescending(r => r.Step)), [Metrics, "row 2", "step 2 comes after its step 3"]),
        new("metrics-models-interleaved", d => EditMetrics(d, rows => Swap(rows.ToList(), 3, 4)), [Metrics, "row 5", "'run-000' comes back"]),
        new("weights-beyond-what-statistics-hold", d => TinyZoo.Write(d, editRow: (row, _) => row[7] = 3e38f), [Npy, "beyond", "nothing to ingest"]),
    ];

    public static TheoryData<string> ParamsNames => new(ParamsCases.Select(c => c.Name));
    public static TheoryData<string> ZooNamesData => new(ZooCases.Select(c => c.Name));

    [Fact]
    public void The_class_4_cases_are_many_and_distinct_from_the_rest_of_the_corpus()
    {
        var mine = ParamsCases.Select(c => c.Name).Concat(ZooCases.Select(c => c.Name)).ToList();
        Assert.True(mine.Count >= 14, $"{mine.Count} cases");
        var all = mine.Concat(ParamsCorpus.Cases.Select(c => c.Name)).Concat(ZooCorpus.Cases.Select(c => c.Name)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ParamsNames))]
    public void Nonsense_in_params_stops_run_naming_the_key_and_publishes_nothing(string name)
    {
        var c = ParamsCases.Single(x => x.Name == name);
        using var repo = new TempRepo();
        PublishedFiles.Seed(repo.Root);
        var valid = File.ReadAllText(RepositoryParams);
        repo.Write("params.json", c.Break(valid));
        var before = PublishedFiles.Checksums(repo.Root);
        string[] profile = c.Profile is null ? [] : [$"--profile={c.Profile}"];

        var (code, lines) = BadInputCorpusTests.RunRunner(["run", "zoo-tetris-seed", $"--root={repo.Root}", .. profile]);

        BadInputCorpusTests.AssertOneLine(code, lines, ["params.json", .. c.Mentions], null);
        Assert.Equal(before, PublishedFiles.Checksums(repo.Root));
    }

    [Theory]
    [MemberData(nameof(ZooNamesData))]
    public void A_zoo_whose_metrics_cannot_be_paired_with_its_weights_is_refused_naming_the_row(string name)
    {
        var c = ZooCases.Single(x => x.Name == name);
        using var repo = new TempRepo();
        using var dir = new TempDir();
        PublishedFiles.Seed(repo.Root);
        var zoo = Path.Combine(dir.Root, "zoo");
        TinyZoo.Write(zoo);
        c.Break(zoo);
        var before = PublishedFiles.Checksums(repo.Root);

        var (code, lines) = BadInputCorpusTests.RunBench(["ingest", $"--zoo={zoo}", $"--root={repo.Root}", .. c.Args ?? []]);

        BadInputCorpusTests.AssertOneLine(code, lines, c.Mentions, c.MustNotMention);
        Assert.Equal(before, PublishedFiles.Checksums(repo.Root));
    }

    [Fact]
    public void The_published_zoo_order_is_accepted()
    {
        using var dir = new TempDir();
        TinyZoo.Write(dir.Root);
        var summary = ZooIngest.Run(dir.Root, dir.File("zoo.parquet"));
        Assert.Equal(12, summary.Rows);
    }

    /// <summary>Sets the value at a path of keys (each a whole key: "../escape" is one) to raw JSON.</summary>
    private static Func<string, string> Set(string json, params string[] path) => text =>
    {
        var node = JsonNode.Parse(text)!.AsObject();
        foreach (var key in path[..^1])
            node = node[key] as JsonObject ?? throw new InvalidOperationException($"params.json has no object '{key}' on the way to {string.Join(".", path)}");
        node[path[^1]] = JsonNode.Parse(json);
        return node.Root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    };

    private static void EditMetrics(string dir, Func<IEnumerable<CheckpointMetrics>, IEnumerable<CheckpointMetrics>> edit)
    {
        var path = Path.Combine(dir, Metrics);
        var rows = edit(MetricsCsv.Read(path).Rows).ToList();
        MetricsCsv.Write(path, rows); // the project's own writer, so only the edit differs
    }

    private static List<T> Swap<T>(List<T> list, int a, int b)
    {
        (list[a], list[b]) = (list[b], list[a]);
        return list;
    }
}
