using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Stages.Cnn;

/// <summary>
/// recipe-cnn-&lt;set&gt; on a downloaded zoo written as the published one is: a zoo whose recipe differs
/// from the published one (its own epochs and checkpoints) is read as it is, and its rows say which
/// recipe it followed, from its metrics file.
/// </summary>
public sealed class CnnZooRecipeStageTests : IDisposable
{
    private const string Download = "downloads/small-cnn-zoo";
    private readonly string _root = Directory.CreateTempSubdirectory("ws-cnn-recipe-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Stands in for the derived code set.</summary>
    private sealed class FixedCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("stages/Cnn/CnnZooRecipeStage.cs", ContentHash.OfText("1"), 1)];
        public void Save() { }
    }

    /// <summary>Runs recipe-cnn-&lt;set&gt; for both image sets on the download and returns each one's rows by target/metric.</summary>
    private Dictionary<string, Dictionary<string, MetricRow>> Run()
    {
        File.WriteAllText(Path.Combine(_root, "WeightSpace.sln"), "");
        var paths = new ProjectPaths(_root);
        File.Copy(ProjectPaths.Discover(AppContext.BaseDirectory).Params, paths.Params);
        var (loaded, p) = PipelineParams.Load(paths.Params, "smoke");
        loaded.Sections["cnn_zoo"]!["mnist_source"] = Download;
        loaded.Sections["cnn_zoo"]!["fashion_source"] = Download;
        var zoo = p.Get<CnnZooParams>() with { MnistSource = Download, FashionSource = Download };
        var stages = new[] { "mnist", "fashion" }.Select(set => new CnnZooRecipeStage(set, zoo, p.Get<RunSettings>())).ToList();
        var runner = new StageRunner(paths, stages.Select(s => new CatalogEntry(s, ["cnn_zoo", "run"])).ToList(), loaded.Sections, loaded.Profile, _ => { }, new FixedCode());
        foreach (var stage in stages) Assert.Equal(StageOutcome.Ran, runner.Run(stage));
        runner.Flush();
        return stages.ToDictionary(s => s.Name, s => MetricsTable.Read(paths.Full(Artifacts.MetricsPart(s.Name)))
            .ToDictionary(r => $"{r.Key.Target}/{r.Key.Metric}", r => r));
    }

    [Fact]
    public void A_downloaded_zoo_with_its_own_recipe_is_read_as_it_is_and_its_rows_say_which_recipe()
    {
        // MNIST's runs trained 8 epochs with their own checkpoints; Fashion-MNIST's as published.
        PublishedZoo.Write(Path.Combine(_root, Download, "mnist"), "mnist", models: 7, nonFinite: [], seed: 1, steps: [0, 1, 2, 3, 5, 8]);
        PublishedZoo.Write(Path.Combine(_root, Download, "fashion_mnist"), "fashion_mnist", models: 5, nonFinite: [], seed: 2);
        var rows = Run();

        var mnist = rows["recipe-cnn-mnist"];
        Assert.Equal(7, mnist["models/count"].Value);
        Assert.Equal("epochs=0,1,2,3,5,8", mnist["checkpoint-epochs/count"].Key.Config);
        Assert.Equal(6, mnist["checkpoint-epochs/count"].Value);
        Assert.Equal(0, mnist["published-recipe/share"].Value);
        Assert.Equal("epoch=8", mnist["test-accuracy/median"].Key.Config);
        Assert.All(mnist.Values, r => Assert.Equal(CnnZooTable.RecipeMethod, r.Key.Method));
        Assert.False(mnist.ContainsKey("train-images/count")); // a downloaded zoo does not record its training images

        var fashion = rows["recipe-cnn-fashion"];
        Assert.Equal(5, fashion["models/count"].Value);
        Assert.Equal("epochs=0,1,2,3,20,40,60,80,86", fashion["checkpoint-epochs/count"].Key.Config);
        Assert.Equal(1, fashion["published-recipe/share"].Value);
        Assert.Equal("epoch=86", fashion["test-accuracy/median"].Key.Config);
        Assert.Equal("epoch=86;below=0.2", fashion["never-learns/share"].Key.Config);
        // PublishedZoo's last accuracies are 0.3-0.9 (plus a little noise): none below 0.2, quartiles in order.
        Assert.Equal(0, fashion["never-learns/share"].Value);
        Assert.InRange(fashion["test-accuracy/q1"].Value, 0.3, fashion["test-accuracy/median"].Value);
        Assert.InRange(fashion["test-accuracy/q3"].Value, fashion["test-accuracy/median"].Value, 0.95);
    }
}
