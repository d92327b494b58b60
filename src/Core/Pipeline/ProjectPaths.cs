namespace WeightSpace.Core.Pipeline;

/// <summary>
/// Every path of the project in one place: the pipeline's own bookkeeping (cache, lock, scratch)
/// and the artifacts stages exchange. Artifact paths are repo-relative with '/' separators, which is
/// how stages declare them and how the lock file records them.
/// </summary>
public sealed class ProjectPaths
{
    public ProjectPaths(string root) => Root = Path.GetFullPath(root);

    /// <summary>The repository root: the folder that holds WeightSpace.sln.</summary>
    public string Root { get; }

    public string Params => Full("params.json");
    public string Data => Full("data");
    public string Cache => Full("data/.cache");
    /// <summary>Downloaded packages kept by content (e.g. npm tarballs by integrity): a no-op run never fetches again.</summary>
    public string Downloads => Full("data/downloads");
    /// <summary>Content-addressed output files: objects/&lt;hash[0..2]&gt;/&lt;hash&gt;.</summary>
    public string Objects => Full("data/.cache/objects");
    /// <summary>Run-cache entries: runs/&lt;key&gt;.json lists the output hashes of one stage run.</summary>
    public string Runs => Full("data/.cache/runs");
    /// <summary>(size, mtime) -> hash of workspace files, so unchanged large inputs are not re-hashed.</summary>
    public string StatCache => Full("data/.cache/stat-cache.json");
    /// <summary>Where a running stage writes; published from here only when it succeeds.</summary>
    public string Scratch => Full("data/.tmp");
    /// <summary>Like dvc.lock: per stage the key, params, input/code/output hashes and duration.</summary>
    public string LockFile => Full("data/pipeline.lock.json");
    /// <summary>Held (flock) by the one runner that may touch data/ at a time.</summary>
    public string RunMutex => Full("data/.pipeline.pid");
    /// <summary>Scratch of the bench verb (synthetic zoos, its outputs); deleted after each bench.</summary>
    public string BenchScratch => Full("data/.bench");

    /// <summary>Files that decide how our code is built and which package versions it runs
    /// (packages are not walked for code dependencies: their versions are hashed instead).
    /// Part of every stage's code set.</summary>
    public static readonly string[] BuildFiles =
    [
        "Directory.Build.props", "Directory.Build.targets", "build/TorchSharpNativeFix.targets",
        "src/Core/WeightSpace.Core.csproj", "stages/WeightSpace.Stages.csproj",
    ];

    /// <summary>Repo-relative artifact paths that stages declare as inputs and outputs.</summary>
    public static class Artifacts
    {
        public const string Reference = "data/reference/thesis-results.csv";
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
            if (profile == WeightSpace.Core.Params.ParamsFile.DefaultProfile) return "reports";
            if (profile is "tables" or "figures" || profile.Length == 0 || !profile.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new ArgumentException($"profile name '{profile}' cannot name a report folder (use letters, digits, '-' or '_'; not 'tables' or 'figures')");
            return $"reports/{profile}";
        }
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

        /// <summary>The report's SQL, embedded in Core: non-code inputs of the report stage.</summary>
        public static readonly string[] ReportSql = ["src/Core/Report/schema.sql", "src/Core/Report/load_metrics.sql", "src/Core/Report/report.sql"];

        /// <summary>Each stage's part of the one long-format metrics table.</summary>
        public static string MetricsPart(string stage) => $"{MetricsDir}/{stage}.parquet";
    }

    public string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    /// <summary>Walks up from <paramref name="start"/> to the folder holding WeightSpace.sln.</summary>
    public static ProjectPaths Discover(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WeightSpace.sln")))
                return new ProjectPaths(dir.FullName);
        throw new DirectoryNotFoundException($"no WeightSpace.sln found in '{start}' or any parent folder; run from inside the repository or pass --root");
    }
}
