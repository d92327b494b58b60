using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Cnn;
using WeightSpace.Core.Images;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// Trains a Small CNN zoo on one image set (all models batched by blocks) and writes it in the
/// published format, so it is ingested exactly as a downloaded zoo would be. When the set's
/// cnn_zoo source is a folder instead of "generate", it trains nothing: it checks that the folder
/// holds a zoo with the Small CNN Zoo layout and records its size (the ingest reads the folder).
/// </summary>
[Stage(Order = 50)]
public sealed class CnnZooStage : IStage
{
    /// <summary>A zoo per image set.</summary>
    public static IEnumerable<string> Instances => ZooNames.CnnImageSetNames;

    private readonly string _set;
    private readonly CnnZooParams _zoo;
    private readonly RunSettings _run;

    public CnnZooStage(string set, CnnZooParams zoo, RunSettings run) => (_set, _zoo, _run) = (set, zoo, run);

    /// <summary>The source that makes the pipeline train the zoo itself.</summary>
    public const string Generate = "generate";

    /// <summary>The CNN zoos, one per image set: cnn-mnist, cnn-fashion.</summary>
    public static IEnumerable<string> Zoos => ZooNames.CnnImageSets.Select(s => s.Zoo);

    /// <summary>The set's source in params: "generate" or a folder holding a downloaded zoo.</summary>
    public static string Source(CnnZooParams zoo, string set) => set == ZooNames.Mnist.Name ? zoo.MnistSource : zoo.FashionSource;

    /// <summary>The zoo: cnn-mnist, cnn-fashion.</summary>
    private string ZooName => ZooNames.CnnZoo(_set);

    public string Name => $"zoo-{ZooName}";
    public string Description => $"Train the {ZooName} zoo (Small CNN Zoo network, sampled hyper-parameters, batched) in the published format";
    private bool Generating => Source(_zoo, _set) == Generate;

    public IReadOnlyList<string> Deps => Generating ? [Artifacts.Images(_set)] : [Source(_zoo, _set)];
    /// <summary>A downloaded zoo's folder may hold anything else (notes, archives, other data): only the zoo's own files are hashed.</summary>
    public IReadOnlySet<string>? FilesRead(string dep) => Generating ? null : ZooFolder.FileNames;
    public IReadOnlyList<string> Outs => Generating ? [Artifacts.Zoo(ZooName), Artifacts.MetricsPart(Name)] : [Artifacts.MetricsPart(Name)];

    /// <summary>Everything the zoo is generated from, shared with the `cnn-shard` verb so a cluster run trains the same zoo.</summary>
    public static (IReadOnlyList<CnnModelSpec> Models, CnnRecipe Recipe, CnnImages Train, CnnImages Test) Plan(string set, CnnZooParams zoo, RunSettings run, string imagesFolder)
    {
        var (train, test) = ImageFolder.Read(imagesFolder);
        if (zoo.TrainImagesUsed(train.Count) < train.Count)
            train = train.Select(Enumerable.Range(0, zoo.MaxTrainImages).ToArray()); // the split already shuffled them
        if (zoo.MaxTestImages > 0 && test.Count > zoo.MaxTestImages)
            test = test.Select(Enumerable.Range(0, zoo.MaxTestImages).ToArray());
        var ranges = new CnnHyperRanges(zoo.Activations, zoo.WInits, zoo.Optimizers, Range(zoo.LogInitStd), Range(zoo.LogLearningRate),
            Range(zoo.LogL2), Range(zoo.Dropout), zoo.TrainFractions);
        var seed = 2 * run.Seed + ZooNames.CnnImageSets.ToList().FindIndex(s => s.Name == set); // the two image sets draw different models
        var recipe = new CnnRecipe(zoo.Checkpoints, zoo.BatchSize, seed, zoo.BlockSize, zoo.DropRemainder);
        var fewest = zoo.TrainFractions.Min();
        if (recipe.StepsPerEpoch(BatchedCnnTrainer.SubsetSize(train.Count, fewest)) == 0)
            throw new ParamsException($"params.json: cnn_zoo.train_fractions {fewest} of {set}'s {train.Count} training images is fewer than cnn_zoo.batch_size {zoo.BatchSize}: with cnn_zoo.drop_remainder no step would train; lower batch_size or raise max_train_images");
        return (ranges.Sample(zoo.Models, seed), recipe, train, test);
    }

    private static (double, double) Range(IReadOnlyList<double> pair) => (pair[0], pair[1]);

    public void Run(StageContext context)
    {
        if (!Generating)
        {
            Check(context);
            return;
        }
        var (models, recipe, train, test) = Plan(_set, _zoo, _run, context.Input(Artifacts.Images(_set)));
        context.Log($"training {models.Count} models x {recipe.Epochs} epochs on {train.Count} images (checkpoints {string.Join(",", recipe.Checkpoints)}); testing on {test.Count}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = CnnZoo.Generate(context.Output(Artifacts.Zoo(ZooName)), _set, models, recipe, train, test, context.Log);
        var seconds = clock.Elapsed.TotalSeconds;
        context.Log($"{summary.Models} models, {summary.Checkpoints} checkpoints each, in {seconds:F0} s; final test accuracy median {summary.MedianFinalAccuracy:F3}, max {summary.MaxFinalAccuracy:F3}");
        MetricRow Fact(string target, string metric, double value) =>
            new("datasets", ZooName, target, "generator", "weights", "none", $"epoch={recipe.Epochs}", metric, value, "all", _run.Seed, Name);
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)),
        [
            Fact("models", "count", summary.Models),
            Fact("checkpoints", "count", summary.Models * summary.Checkpoints),
            Fact("parameters", "count", SmallCnn.ParameterCount),
            Fact("test-accuracy", "median", summary.MedianFinalAccuracy),
            Fact("test-accuracy", "max", summary.MaxFinalAccuracy),
        ]);
    }

    // A folder source: the published files are there and the layout is the Small CNN Zoo's.
    private void Check(StageContext context)
    {
        var source = Source(_zoo, _set);
        var folder = ZooSource.Resolve(context.Input(source), ZooNames.ImageSet(_set).PublishedDataset).Folder; // this image set's files
        var layout = LayoutCsv.Read(folder.LayoutPath);
        if (layout.ParameterCount != SmallCnn.ParameterCount || layout.Entries.Count != SmallCnn.Entries.Count)
            throw new ZooFormatException($"{folder.LayoutPath}: {layout.Entries.Count} variables, {layout.ParameterCount} weights; the Small CNN Zoo has {SmallCnn.Entries.Count} and {SmallCnn.ParameterCount}");
        using var weights = NpyReader.Open(folder.WeightsPath);
        context.Log($"{source}: a downloaded zoo of {weights.Rows} checkpoints x {weights.Columns} weights; ingest-{ZooName} reads it as it is");
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)),
            [new("datasets", ZooName, "checkpoints", "folder", "weights", "none", "", "count", weights.Rows, "all", _run.Seed, Name)]);
    }
}

/// <summary>
/// The Small CNN zoos (Unterthiner et al. 2020): model count, checkpoints, and the ranges each
/// model's hyper-parameters are drawn from (log-uniform for the log_ ranges).
/// </summary>
[ParamsSection("cnn_zoo")]
public sealed record CnnZooParams(
    [property: MinLength(1)] string MnistSource,         // "generate", or a folder holding a downloaded zoo (weights.npy, metrics.csv.gz, layout.csv)
    [property: MinLength(1)] string FashionSource,
    [property: Range(1, 1_000_000)] int Models,          // per image set (thesis / published: 30,000)
    [property: MinLength(1), Range(0, 100_000), StrictlyIncreasing] IReadOnlyList<int> Checkpoints, // epochs recorded, ascending; the last is the number of epochs (published: 0,1,2,3,20,40,60,80,86)
    [property: Range(1, 4096)] int BatchSize,            // images per step (the published code: 512)
    bool DropRemainder,                                  // each epoch trains whole batches only, as the published code (true) does; false trains the rest as a smaller batch
    [property: Range(1, 4096)] int BlockSize,            // models trained as one batched computation
    [property: Range(0, 10_000_000)] int MaxTrainImages, // cap on the training images (0 = all); Fashion has 56,000 (cluster shards: `cnn-shard`, README)
    [property: Range(0, 10_000_000)] int MaxTestImages,  // cap on the test images every checkpoint is evaluated on (0 = all)
    [property: MinLength(1), AllowedValues("relu", "tanh")] IReadOnlyList<string> Activations,
    [property: MinLength(1), AllowedValues("RandomNormal", "TruncatedNormal", "GlorotNormal", "HeNormal", "Orthogonal")] IReadOnlyList<string> WInits,
    [property: MinLength(1), AllowedValues("sgd", "adam", "rmsprop")] IReadOnlyList<string> Optimizers,
    // [min, max], drawn log-uniform: both ends must be positive (a log of 0 or less is no number).
    [property: MinLength(2), MaxLength(2), Range(0.0, 10.0, MinimumIsExclusive = true), Interval] IReadOnlyList<double> LogInitStd,
    [property: MinLength(2), MaxLength(2), Range(0.0, 10.0, MinimumIsExclusive = true), Interval] IReadOnlyList<double> LogLearningRate,
    [property: MinLength(2), MaxLength(2), Range(0.0, 10.0, MinimumIsExclusive = true), Interval] IReadOnlyList<double> LogL2,
    [property: MinLength(2), MaxLength(2), Range(0.0, 1.0, MaximumIsExclusive = true), Interval] IReadOnlyList<double> Dropout, // [min, max], uniform; 1 drops every unit
    [property: MinLength(1), Range(0.0, 1.0, MinimumIsExclusive = true)] IReadOnlyList<double> TrainFractions) // of the training images a model sees; 0 trains on none
    : IValidatableObject
{
    /// <summary>The training images the train fractions apply to, of <paramref name="available"/>: all, or max_train_images when fewer.</summary>
    public int TrainImagesUsed(int available) => MaxTrainImages > 0 ? Math.Min(available, MaxTrainImages) : available;

    /// <summary>The last checkpoint is the number of epochs trained: a zoo of untrained models is no zoo.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Checkpoints.Count > 0 && Checkpoints[^1] < 1)
            yield return new ValidationResult($"the last checkpoint ({Checkpoints[^1]}) is the number of epochs trained; it must be at least 1", [nameof(Checkpoints)]);
    }
}
