using WeightSpace.Core.Baselines;
using WeightSpace.Core.Features;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>One training recipe tried for the tetris zoos: how models train and what they are tested on.</summary>
public sealed record RecipeCandidate(string Name, FcnRecipe Recipe, TetrisImageSplit TestSet);

/// <summary>How the study scores a zoo: the pipeline's statistics, its by-model split and its Table 2 baselines.</summary>
/// <param name="SplitSeed">Seed of the by-model split (params split.seed), so the test models are the pipeline's.</param>
public sealed record RecipeStudyOptions(StatisticSet Statistics, double TrainFraction, double ValidationFraction, int SplitSeed, BaselineOptions Baselines);

/// <summary>
/// The data properties of one generated zoo, all measured on the test models as Table 2 is:
/// each statistic's Pearson correlation with test accuracy, the stacked-statistics ridge R²,
/// the accuracy spread per epoch and the label-noise ceiling (over every checkpoint).
/// </summary>
/// <param name="Pearson">Statistic name (var, p0, ...) -> Pearson correlation with test accuracy.</param>
/// <param name="DroppedRows">Checkpoints with non-finite weights, left out as the ingest drops them.</param>
/// <param name="LowestTestAccuracy">Lowest test accuracy among the test models' checkpoints (the thesis' Fig. 16 starts at 0.32).</param>
/// <param name="AccuracySd">Standard deviation of test accuracy over the test models' checkpoints.</param>
public sealed record RecipeProperties(
    string Name,
    int TestImages,
    IReadOnlyDictionary<string, double> Pearson,
    double StackedR2,
    IReadOnlyList<AccuracySpread> Spread,
    LabelNoise LabelNoise,
    int DroppedRows,
    double LowestTestAccuracy,
    double AccuracySd,
    double Seconds);

/// <summary>
/// The recipe study (docs/tetris-recipe.md): generate a full tetris-seed zoo with a candidate recipe and
/// measure only properties of the data (never a learned model), with the same code as the
/// statistics stage and Table 2's baselines.
/// </summary>
public static class RecipeStudy
{
    public static RecipeProperties Measure(RecipeCandidate candidate, string zoo, IReadOnlyList<FcnModelSpec> models,
        IReadOnlyList<TetrisImage> images, RecipeStudyOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var split = candidate.TestSet.Apply(images);
        var checkpoints = BatchedFcnTrainer.Train(TetrisZoo.Widths, models, candidate.Recipe, split.Train, split.Test);
        var p = checkpoints.Parameters;

        // The checkpoints the ingest would keep: rows with non-finite weights are dropped.
        var kept = Enumerable.Range(0, models.Count * checkpoints.Epochs)
            .Where(r => AllFinite(checkpoints.Weights.AsSpan(r * p, p)))
            .ToArray();
        var weights = new float[kept.Length * p];
        for (var i = 0; i < kept.Length; i++) checkpoints.Weights.AsSpan(kept[i] * p, p).CopyTo(weights.AsSpan(i * p, p));
        var modelIds = kept.Select(r => r / checkpoints.Epochs).ToArray();
        var accuracy = kept.Select(r => (double)checkpoints.TestAccuracy[r]).ToArray();

        var layout = WeightLayout.Fcn(TetrisZoo.Widths, biases: false);
        var global = new WeightStatistics(layout, options.Statistics, StatisticScope.Global).Compute(weights.AsMemory());
        // Model k is model id k, as the ingest numbers models in order of first appearance.
        var modelSplit = ModelSplit.Create(Enumerable.Range(0, models.Count).Select(k => (k, $"{zoo}/{k:D5}")),
            options.TrainFraction, options.ValidationFraction, options.SplitSeed);
        var data = new BaselineData(zoo, modelSplit, modelIds, accuracy,
            new Dictionary<string, FeatureMatrix> { ["stats-global"] = global }, new Dictionary<string, int[]>());
        var table2 = Table2.Rows(data, options.Baselines).ToList();
        var pearson = table2.Where(r => r.Key.Metric == "pearson").ToDictionary(r => r.Key.Input["stat:".Length..], r => r.Value);
        var stacked = table2.Single(r => r.Key.Input == "stats-global" && r.Key.Metric == "r2").Value;

        var testAccuracy = modelSplit.RowsOf(modelIds, SplitPart.Test).Select(r => accuracy[r]).ToArray();
        var mean = testAccuracy.Average();
        var sd = Math.Sqrt(testAccuracy.Sum(a => (a - mean) * (a - mean)) / testAccuracy.Length);
        return new RecipeProperties(candidate.Name, split.Test.Y.Length, pearson, stacked, TetrisZoo.Spreads(checkpoints),
            LabelNoise.Of(checkpoints.TestAccuracy, split.Test.Y.Length), models.Count * checkpoints.Epochs - kept.Length,
            testAccuracy.Min(), sd, clock.Elapsed.TotalSeconds);
    }

    private static bool AllFinite(ReadOnlySpan<float> row)
    {
        foreach (var w in row) if (!float.IsFinite(w)) return false;
        return true;
    }
}
