using WeightSpace.Core.Cnn;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Images;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// recipe-cnn-&lt;set&gt;: the CNN zoo as its metrics file describes it, whichever its source (generated or a
/// downloaded folder, read as it is): models, the checkpoint epochs recorded, the share of models that
/// followed the published recipe's epochs and checkpoints, the test accuracy at the last checkpoint
/// (quartiles) and the share of models that never learn; for a generated zoo also the training images
/// its train fractions apply to. Rows of the datasets table, so a downloaded zoo and ours are never
/// confused on the page. Nothing downstream reads them but the report.
/// </summary>
[Stage(Order = 75)]
public sealed class CnnZooRecipeStage(string set, CnnZooParams zoo, RunSettings run) : IStage
{
    /// <summary>A zoo per image set.</summary>
    public static IEnumerable<string> Instances => ZooNames.CnnImageSetNames;

    private string ZooName => ZooNames.CnnZoo(set);
    private bool Generating => CnnZooStage.Source(zoo, set) == CnnZooStage.Generate;
    private string Folder => Generating ? Artifacts.Zoo(ZooName) : CnnZooStage.Source(zoo, set);

    public string Name => $"recipe-{ZooName}";
    public string Description => $"Describe the {ZooName} zoo from its metrics file ({Folder}): models, checkpoint epochs, recipe, final test accuracy";
    public IReadOnlyList<string> Deps => Generating ? [Folder, Artifacts.Images(set)] : [Folder];
    /// <summary>In the zoo's folder only its metrics file is read; the image set's folder is read whole (its train images' count).</summary>
    public IReadOnlySet<string>? FilesRead(string dep) => dep == Folder ? MetricsOnly : null;
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    private static readonly IReadOnlySet<string> MetricsOnly = new HashSet<string>(StringComparer.Ordinal) { ZooFolder.MetricsFileName };

    public void Run(StageContext context)
    {
        var source = ZooSource.Resolve(context.Input(Folder), Generating ? null : ZooNames.ImageSet(set).PublishedDataset);
        var rows = MetricsCsv.Enumerate(source.Folder.MetricsPath)
            .Where(r => source.Dataset is null || string.Equals(r.Config.GetValueOrDefault("dataset"), source.Dataset, StringComparison.OrdinalIgnoreCase));
        var recipe = ZooRecipe.Describe(rows, source.Folder.MetricsPath);
        context.Log($"{source.Folder.MetricsPath}: {recipe.Models} models, checkpoint epochs {string.Join(",", recipe.CheckpointEpochs)}; " +
            $"{recipe.PublishedShare:P0} of them follow the published recipe; test accuracy at epoch {recipe.FinalEpoch}: " +
            $"q1 {recipe.Q1:F3}, median {recipe.Median:F3}, q3 {recipe.Q3:F3}; {recipe.NeverLearnsShare:P0} below {ZooRecipe.NeverLearnsBelow}");
        MetricRow Fact(string target, string config, string metric, double value) =>
            new(Datasets.Table, ZooName, target, CnnZooTable.RecipeMethod, "weights", "none", config, metric, value, "all", run.Seed, Name);
        var final = $"epoch={recipe.FinalEpoch}";
        var facts = new List<MetricRow>
        {
            Fact("models", "", "count", recipe.Models),
            Fact("checkpoint-epochs", recipe.EpochsConfig, "count", recipe.CheckpointEpochs.Count),
            Fact("published-recipe", "", "share", recipe.PublishedShare),
            Fact("test-accuracy", final, "q1", recipe.Q1),
            Fact("test-accuracy", final, "median", recipe.Median),
            Fact("test-accuracy", final, "q3", recipe.Q3),
            Fact("never-learns", FormattableString.Invariant($"{final};below={ZooRecipe.NeverLearnsBelow}"), "share", recipe.NeverLearnsShare),
        };
        if (Generating)
            facts.Add(Fact("train-images", "", "count", zoo.TrainImagesUsed(ImageFolder.TrainCount(context.Input(Artifacts.Images(set))))));
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), facts);
    }
}
