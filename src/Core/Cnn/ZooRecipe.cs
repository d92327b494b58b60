namespace WeightSpace.Core.Cnn;

/// <summary>
/// A zoo as its metrics file describes it: the models, the epochs recorded, how many models followed the
/// published recipe (its 86 epochs and checkpoint epochs), and the test accuracy at each model's last checkpoint.
/// </summary>
/// <param name="CheckpointEpochs">Every epoch any model recorded, ascending.</param>
/// <param name="PublishedShare">Share of models whose recorded epochs are exactly <see cref="PublishedCnnZoo.Checkpoints"/>.</param>
/// <param name="FinalEpoch">The last checkpoint's epoch (the largest, when models differ).</param>
/// <param name="NeverLearnsShare">Share of models whose last test accuracy is below <see cref="ZooRecipe.NeverLearnsBelow"/>.</param>
public sealed record ZooRecipe(int Models, IReadOnlyList<int> CheckpointEpochs, double PublishedShare, int FinalEpoch,
    double Q1, double Median, double Q3, double NeverLearnsShare)
{
    /// <summary>Ten classes: below 0.2 test accuracy a model has learned next to nothing (chance is 0.1).</summary>
    public const double NeverLearnsBelow = 0.2;

    /// <summary>The checkpoint epochs as the report's config spells them: "epochs=0,1,2,3,20,40,60,80,86".</summary>
    public string EpochsConfig => "epochs=" + string.Join(',', CheckpointEpochs);

    /// <summary>From a zoo's metrics rows (one per checkpoint, any order); a model is its modeldir.</summary>
    /// <exception cref="Zoo.ZooFormatException">no rows, or no model with a finite test accuracy.</exception>
    public static ZooRecipe Describe(IEnumerable<Zoo.CheckpointMetrics> rows, string source)
    {
        var models = rows.GroupBy(r => r.ModelDir, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Step).ToList())
            .ToList();
        if (models.Count == 0) throw new Zoo.ZooFormatException($"{source}: no checkpoint rows to describe");
        var epochs = models.SelectMany(m => m.Select(r => r.Step)).Distinct().Order().ToList();
        var published = models.Count(m => m.Select(r => r.Step).SequenceEqual(PublishedCnnZoo.Checkpoints));
        var final = models.Select(m => m[^1].TestAccuracy).Where(double.IsFinite).Order().ToArray();
        if (final.Length == 0) throw new Zoo.ZooFormatException($"{source}: no model has a finite test_accuracy at its last checkpoint");
        double Q(double q) => Features.WeightStatistics.PercentileOfSorted(final, q);
        return new ZooRecipe(models.Count, epochs, (double)published / models.Count, models.Max(m => m[^1].Step),
            Q(25), Q(50), Q(75), (double)final.Count(a => a < NeverLearnsBelow) / final.Length);
    }
}
