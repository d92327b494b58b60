using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Manifold;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>One UMAP of a zoo: its name in the embedding table and which columns it embeds.</summary>
/// <param name="Name">e.g. "weights", "statistics".</param>
/// <param name="FeaturePrefix">null: the flat weights; else the statistics columns whose names start with it ("global:", "layer", "ng").</param>
public sealed record EmbeddingSpec(string Name, string? FeaturePrefix);

/// <summary>
/// The UMAP maps of the thesis' Figures 9–12 for one zoo: a subsample of whole models (every
/// checkpoint of each, so a model's trajectory stays visible), embedded from the weights and from
/// statistics, with accuracy, config labels and the global statistics alongside for colouring and
/// for Figure 10. Statistics are standardised per column first (their scales differ by orders of
/// magnitude; the thesis does not say what it did).
/// </summary>
public static class ZooEmbeddings
{
    /// <summary>Figures 9 and 11 (tetris-seed): weights, global statistics, per-layer and per-neuronGroup statistics.</summary>
    public static readonly EmbeddingSpec[] TetrisSeed =
        [new("weights", null), new("statistics", "global:"), new("layer", "layer"), new("neurongroup", "ng")];

    /// <summary>Figure 12 (tetris-hyper) and Figures 13, 14 (the CNN zoos): weights and global statistics.</summary>
    public static readonly EmbeddingSpec[] WeightsAndStatistics = [new("weights", null), new("statistics", "global:")];

    /// <summary>Points of the fixed-seed subsample each map's trustworthiness is measured on (O(n²), so a few thousand).</summary>
    public const int TrustworthinessSample = 2000;

    /// <summary>k of the trustworthiness figure (the one the UMAP bench and umap-learn's peer quote).</summary>
    public const int TrustworthinessK = 15;

    /// <param name="trustworthiness">When given, filled with each map's trustworthiness@15 (k, sample size) on a seeded subsample of at most <see cref="TrustworthinessSample"/> points.</param>
    public static EmbeddingTable Compute(ZooDataset zoo, FeatureTable statistics, IReadOnlyList<EmbeddingSpec> specs, UmapOptions options,
        int maxPoints, Action<string>? log = null, CancellationToken cancel = default, IDictionary<string, (double Value, int K, int Points)>? trustworthiness = null)
    {
        if (statistics.Features.Rows != zoo.Rows || !statistics.ModelIds.SequenceEqual(zoo.ModelIds) || !statistics.Epochs.SequenceEqual(zoo.Epochs))
            throw new InvalidDataException("the statistics file's (model_id, epoch) rows do not match the ingested zoo's; re-run the statistics stage");
        var rows = SubsampleModels(zoo.ModelIds, maxPoints, options.Seed);
        var points = rows.Length;
        log?.Invoke($"{points} of {zoo.Rows} checkpoints ({rows.Select(r => zoo.ModelIds[r]).Distinct().Count()} models)");

        var values = new Dictionary<string, float[]>();
        foreach (var spec in specs)
        {
            cancel.ThrowIfCancellationRequested();
            var (data, dims) = spec.FeaturePrefix is null
                ? (zoo.WeightsOf(rows), zoo.Parameters)
                : Standardized(statistics.Features, rows, spec.FeaturePrefix);
            log?.Invoke($"UMAP of {spec.Name} ({dims}-D)");
            var embedding = Umap.Embed(data, points, dims, options, log: log is null ? null : line => log($"  {line}"), cancel: cancel);
            if (trustworthiness is not null)
            {
                var t = SampledTrustworthiness(data, dims, embedding, points, options.Seed);
                trustworthiness[spec.Name] = t;
                log?.Invoke($"  trustworthiness@{t.K} of the {spec.Name} map ({t.Points} points): {t.Value:F4}");
            }
            values[$"{spec.Name}.x"] = Enumerable.Range(0, points).Select(i => embedding[2 * i]).ToArray();
            values[$"{spec.Name}.y"] = Enumerable.Range(0, points).Select(i => embedding[2 * i + 1]).ToArray();
        }
        var names = statistics.Features.Names;
        for (var c = 0; c < names.Count; c++)
            if (names[c].StartsWith("global:", StringComparison.Ordinal))
                values[names[c]] = rows.Select(r => (float)statistics.Features[r, c]).ToArray();
        return new EmbeddingTable(
            rows.Select(r => zoo.ModelIds[r]).ToArray(),
            rows.Select(r => zoo.Epochs[r]).ToArray(),
            rows.Select(r => zoo.Accuracy[r]).ToArray(),
            zoo.Config.Where(c => c.Value.Distinct().Count() > 1).ToDictionary(c => c.Key, c => rows.Select(r => c.Value[r]).ToArray()),
            values);
    }

    /// <summary>Trustworthiness@15 of a 2-D embedding on a seeded subsample of its points (all of them when few; k below half of them).</summary>
    public static (double Value, int K, int Points) SampledTrustworthiness(float[] data, int dims, float[] embedding, int points, int seed)
    {
        var sample = Enumerable.Range(0, points).ToArray();
        new Random(seed).Shuffle(sample);
        sample = sample[..Math.Min(points, TrustworthinessSample)];
        Array.Sort(sample);
        var original = sample.SelectMany(r => data.AsSpan(r * dims, dims).ToArray()).ToArray();
        var embedded = sample.SelectMany(r => new[] { embedding[2 * r], embedding[2 * r + 1] }).ToArray();
        var k = Math.Min(TrustworthinessK, (sample.Length - 1) / 2);
        return (Trustworthiness.Compute(original, dims, embedded, 2, sample.Length, k), k, sample.Length);
    }

    /// <summary>Every checkpoint of a seeded random subset of models, at most <paramref name="maxPoints"/> rows, in file order.</summary>
    public static int[] SubsampleModels(int[] modelIds, int maxPoints, int seed)
    {
        if (modelIds.Length <= maxPoints) return Enumerable.Range(0, modelIds.Length).ToArray();
        var models = modelIds.Distinct().Order().ToArray();
        new Random(seed).Shuffle(models);
        var count = modelIds.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        var chosen = new HashSet<int>();
        var total = 0;
        foreach (var m in models)
        {
            if (total + count[m] > maxPoints) break;
            chosen.Add(m);
            total += count[m];
        }
        return Enumerable.Range(0, modelIds.Length).Where(r => chosen.Contains(modelIds[r])).ToArray();
    }

    private static (float[] Data, int Dims) Standardized(FeatureMatrix features, int[] rows, string prefix)
    {
        var columns = Enumerable.Range(0, features.Columns).Where(c => features.Names[c].StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        if (columns.Length == 0) throw new InvalidDataException($"the statistics file has no column starting with '{prefix}'");
        var data = new float[rows.Length * columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var mean = rows.Average(r => features[r, columns[c]]);
            var std = Math.Sqrt(rows.Average(r => Math.Pow(features[r, columns[c]] - mean, 2)));
            for (var i = 0; i < rows.Length; i++)
                data[i * columns.Length + c] = (float)(std > 0 ? (features[rows[i], columns[c]] - mean) / std : 0);
        }
        return (data, columns.Length);
    }

    /// <summary>
    /// What the report shows of it. A class of its own so that the stages running the experiment do not reach
    /// (and re-run on a change to) the report's captions and renderers.
    /// </summary>
    public static class Report
    {
        /// <summary>The trustworthiness of each map (the embed stages' metric rows; not a thesis table).</summary>
        public static readonly ReportTable Spec = new("umap", 1000, "UMAP maps of Figures 9–14 (not a thesis table): trustworthiness of each map on a seeded subsample");

        /// <summary>Figure 9: tetris-seed from the weights (left) and the global statistics (right), coloured by test accuracy.</summary>
        public static readonly ReportFigure Figure9 = new(9, "Figure 9 — UMAP of tetris-seed: weights (left) and the seven global statistics (right), coloured by test accuracy. " +
            "Thesis: every checkpoint of its tetris-seed zoo; statistics mean, variance and the 1st, 25th, 50th, 75th and 99th percentiles. " +
            "Ours: a seeded subsample of whole models, at most embeddings.max_points checkpoints; statistics mean, variance and the 0th, 25th, 50th, 75th and 100th " +
            "percentiles (minimum and maximum, as in Table 2), standardised per column; colour clipped to the 2nd-98th percentile of accuracy. " +
            "UMAP layouts differ from run to run in orientation and placement: compare the colour gradients, not the shapes.",
            "Figure 9: UMAP of tetris-seed (colour: test accuracy)",
            new AccuracyMapsPlot(ZooNames.TetrisSeed, [("weights", "weights (100 values)"), ("statistics", "global statistics")])) { After = Table2.Report.Spec.Id };

        /// <summary>Figure 10: each global statistic against test accuracy (tetris-seed).</summary>
        public static readonly ReportFigure Figure10 = new(10, "Figure 10 — each global statistic of tetris-seed against test accuracy, a panel per statistic. " +
            "Thesis: the same panels for its seven statistics (1st and 99th percentiles at the ends). Ours: minimum and maximum at the ends " +
            "(as Table 2), on the checkpoints Figure 9 embeds.",
            "Figure 10: global statistics of the weights against test accuracy (tetris-seed)", new StatisticsAgainstAccuracyPlot(ZooNames.TetrisSeed)) { After = Table2.Report.Spec.Id };

        /// <summary>Figure 11: tetris-seed from per-neuronGroup (left) and per-layer (right) statistics, coloured by test accuracy.</summary>
        public static readonly ReportFigure Figure11 = new(11, "Figure 11 — UMAP of tetris-seed from the statistics of each neuronGroup (left) and of each layer (right), coloured by test accuracy. " +
            "Thesis: the same two inputs. Ours: the seven statistics of Figure 9 per neuronGroup and per layer, concatenated, on the checkpoints Figure 9 embeds.",
            "Figure 11: UMAP of tetris-seed statistics per neuronGroup and per layer (colour: test accuracy)",
            new AccuracyMapsPlot(ZooNames.TetrisSeed, [("neurongroup", "neuronGroup statistics"), ("layer", "layer statistics")])) { After = Table2.Report.Spec.Id };

        /// <summary>Figure 12: tetris-hyper from the weights (top) and statistics (bottom), by accuracy, activation and init.</summary>
        public static readonly ReportFigure Figure12 = new(12, "Figure 12 — UMAP of tetris-hyper from the weights (top) and from the seven global statistics (bottom), coloured by test accuracy and by " +
            "each hyper-parameter the zoo varies. Thesis: by accuracy (left) and activation (right). Ours: also by init, which tetris-hyper varies; " +
            "a seeded subsample of whole models, at most embeddings.max_points checkpoints.",
            "Figure 12: UMAP of tetris-hyper (top: weights, bottom: statistics)", new HyperParameterMapsPlot(ZooNames.TetrisHyper)) { After = Table2.Report.Spec.Id };

        /// <summary>Figure 13: the CNN zoo's map of the weights.</summary>
        public static readonly ReportFigure Figure13 = new(13, "Figure 13 — UMAP of the MNIST CNN zoo from its 4,970 weights, coloured by test accuracy, checkpoint epoch, activation and init. " +
            "Thesis: the Small CNN Zoo (about 30,000 models per image set, checkpoints 0, 1, 2, 3, 20, 40, 60, 80, 86). Ours: our cnn-mnist zoo at the " +
            "published recipe, the same checkpoints but far fewer models (datasets.md gives the count), and colour-blind-safe colours instead of the thesis' named ones.",
            "Figure 13: UMAP of the cnn-mnist weights (4,970 values)", new CnnMapsPlot(ZooNames.Mnist.Zoo, "weights")) { After = Table3.Report.Spec.Id };

        /// <summary>Figure 14: the CNN zoo's map of the global statistics.</summary>
        public static readonly ReportFigure Figure14 = new(14, "Figure 14 — UMAP of the MNIST CNN zoo from the seven global statistics of its weights, coloured as Figure 13. " +
            "Thesis: the Small CNN Zoo. Ours: our cnn-mnist zoo (far fewer models, datasets.md), minimum and maximum at the statistics' ends.",
            "Figure 14: UMAP of the cnn-mnist global statistics", new CnnMapsPlot(ZooNames.Mnist.Zoo, "statistics")) { After = Table3.Report.Spec.Id };
    }
}
