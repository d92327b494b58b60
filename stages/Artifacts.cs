using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// Every artifact path of the project in one place: what stages exchange (zoos, image sets,
/// ingested and statistics files, models, metrics parts, embeddings, the report) and the host's
/// own scratch. Repo-relative with '/' separators, which is how stages declare them and how the
/// lock file records them; the pipeline's own bookkeeping paths (cache, lock, scratch) are the
/// engine's <see cref="WeightSpace.Pipeline.ProjectPaths"/>.
/// </summary>
public static class Artifacts
{
    /// <summary>Downloaded packages kept by content (e.g. npm tarballs by integrity): a no-op run never fetches again.</summary>
    public const string Downloads = "data/downloads";
    /// <summary>Scratch of the bench verb (synthetic zoos, its outputs); deleted after each bench.</summary>
    public const string BenchScratch = "data/.bench";
    /// <summary>A preload that makes MKL believe it runs on an Intel CPU (the same-numbers test and the matmul bench compile it).</summary>
    public const string MklAsIntel = "tests/faults/mkl-as-intel.c";

    public const string Reference = "data/reference/thesis-results.csv";

    /// <summary>The thesis' zoo sizes (Table 1, §4.1), beside which the report judges whether a row is comparable.</summary>
    public const string ThesisZoos = "data/reference/thesis-zoos.csv";

    public const string MetricsDir = "data/metrics";
    public const string TetrisImages = "data/tetris/images.parquet";

    /// <summary>An image set (train/test images and labels as .npy), e.g. "mnist" or "fashion".</summary>
    public static string Images(string set) => $"data/images/{set}";

    /// <summary>A zoo in the published format: weights.npy, metrics.csv.gz, layout.csv.</summary>
    public static string Zoo(string zoo) => $"data/zoos/{zoo}";
    /// <summary>A zoo ingested to Parquet, one row per checkpoint.</summary>
    public static string Ingested(string zoo) => $"data/ingest/{zoo}.parquet";
    /// <summary>The ingested zoo's layout (layout.csv, checked): which weights form which layer
    /// (tokenizers, statistics, permutations). Written by the ingest beside the Parquet file, so
    /// later stages read it from there whatever the zoo's source: never from the zoo folder,
    /// which a downloaded zoo does not have.</summary>
    public static string Layout(string zoo) => $"data/ingest/{zoo}.layout.csv";
    /// <summary>The by-model train/validation/test split of a zoo, written once at ingest.</summary>
    public static string Split(string zoo) => $"data/ingest/{zoo}.split.csv";
    /// <summary>Per-checkpoint weight statistics of a zoo.</summary>
    public static string Statistics(string zoo) => $"data/features/{zoo}.statistics.parquet";

    /// <summary>A trained model's weights (TorchSharp format), e.g. the AttnAE II behind Table 7.</summary>
    public static string Model(string zoo, string model) => $"data/models/{zoo}.{model}.bin";

    /// <summary>
    /// Where a profile's report goes: reports/ for the default profile (the committed report),
    /// reports/&lt;profile&gt;/ for any other, so a smoke or thesis run never overwrites it.
    /// </summary>
    public static string ReportFolder(string profile)
    {
        if (profile == ParamsFile.DefaultProfile) return "reports";
        if (ProfileNameProblem(profile) is { } problem) throw new ArgumentException(problem, nameof(profile));
        return $"reports/{profile}";
    }

    /// <summary>
    /// Why a profile's name cannot name its report folder, or null: letters, digits, '-' and '_'
    /// only (no '/', '..', blanks), and not a folder the default report already has. params.json is
    /// checked with this when it loads, so no stage runs under such a profile.
    /// </summary>
    public static string? ProfileNameProblem(string profile) =>
        profile is "tables" or "figures" || profile.Length == 0 || !profile.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? $"profile name '{profile}' cannot name a report folder (use letters, digits, '-' or '_'; not 'tables' or 'figures')"
            : null;
    /// <summary>A profile's report tables (Markdown), one per thesis table, and their index.</summary>
    public static string ReportTables(string profile) => $"{ReportFolder(profile)}/tables";
    /// <summary>A profile's report figures.</summary>
    public static string ReportFigures(string profile) => $"{ReportFolder(profile)}/figures";
    /// <summary>A profile's whole report as one self-contained HTML page (tables and inlined figures).</summary>
    public static string ReportPage(string profile) => $"{ReportFolder(profile)}/index.html";
    /// <summary>A profile's flat metrics summary, the file MetricsDiff compares.</summary>
    public static string MetricsSummary(string profile) => $"{ReportFolder(profile)}/metrics.json";

    /// <summary>UMAP maps of a zoo with what the figures colour them by (Figures 9-14).</summary>
    public static string Embeddings(string zoo) => $"{EmbeddingsDir}/{zoo}.parquet";
    public const string EmbeddingsDir = "data/embeddings";

    /// <summary>
    /// The first three of the report's SQL files; the report stage declares all of them (ReportStage.Sql). Kept as it
    /// is because every stage's code set holds this type's static fields and initializer: changing it would re-run them all.
    /// </summary>
    public static readonly string[] ReportSql = ["src/Core/Report/schema.sql", "src/Core/Report/load_metrics.sql", "src/Core/Report/report.sql"];

    /// <summary>Each stage's part of the one long-format metrics table.</summary>
    public static string MetricsPart(string stage) => $"{MetricsDir}/{stage}.parquet";
}
