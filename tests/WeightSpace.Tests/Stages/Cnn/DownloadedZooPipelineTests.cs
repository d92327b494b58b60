using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;
using WeightSpace.Tests.Pipeline;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Stages.Cnn;

/// <summary>
/// A user's downloaded Small CNN Zoo, end to end: cnn_zoo.mnist_source and fashion_source name a
/// folder in the published format (one sub-folder per image set), and the CNN stages run through
/// the report on the smoke profile, in a fresh repository that has never generated a zoo. Every
/// layout comes from the ingest's outputs; nothing is read from data/zoos.
/// </summary>
[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class DownloadedZooPipelineTests : IDisposable
{
    private const string Download = "downloads/small-cnn-zoo";
    private const int Models = 12;
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    /// <summary>Stands in for the derived code set: this test is about data, not code changes.</summary>
    private sealed class FixedCode : ICodeDependencies
    {
        public IReadOnlyList<HashedFile> Files(IStage stage) => [new("stages/StageCatalog.cs", ContentHash.OfText("1"), 1)];
        public void Save() { }
    }

    [Fact]
    public void A_downloaded_zoo_fills_every_cnn_table_through_the_report_without_a_generated_zoo_folder()
    {
        var paths = _repo.Paths;
        var repo = ProjectPaths.Discover(AppContext.BaseDirectory);
        File.Copy(repo.Params, paths.Params);
        foreach (var file in ReportStage.Sql.Append(Artifacts.Reference).Append(Artifacts.ThesisZoos))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(paths.Full(file))!);
            File.Copy(repo.Full(file), paths.Full(file));
        }
        int[] nonFinite = [4, 40, 77]; // NaN, NaN, +infinity
        var rows = new Dictionary<string, int>
        {
            ["mnist"] = PublishedZoo.Write(paths.Full($"{Download}/mnist"), "mnist", Models, nonFinite, seed: 1),
            ["fashion"] = PublishedZoo.Write(paths.Full($"{Download}/fashion_mnist"), "fashion_mnist", Models, nonFinite, seed: 2),
        };

        // The user's edit of params.json: both image sets from the downloaded folder.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(paths.Params))!;
        json["cnn_zoo"]!["mnist_source"] = Download;
        json["cnn_zoo"]!["fashion_source"] = Download;
        File.WriteAllText(paths.Params, json.ToJsonString());
        var (loaded, p) = PipelineParams.Load(paths.Params, "smoke");

        // The catalog's CNN part (StageCatalog.Create) without the image sets, which a downloaded zoo does not need.
        var builder = new StageBuilder(p, "smoke");
        foreach (var set in ZooNames.CnnImageSetNames)
        {
            var zoo = ZooNames.CnnZoo(set);
            builder.Add<CnnZooStage>(set);
            builder.Add<CnnIngestStage>(set);
            builder.Add<StatisticsStage>(zoo);
            builder.Add<CnnBaselinesStage>(zoo);
            builder.Add<CnnTable8Stage>(zoo);
            builder.Add<CnnAttentionStage>(zoo);
        }
        builder.Add<EmbeddingsStage>(ZooNames.Mnist.Zoo);
        builder.Add<ReportStage>();
        var catalog = builder.Stages;
        Assert.All(catalog, e => Assert.DoesNotContain(e.Stage.Deps, d => d.StartsWith("data/zoos", StringComparison.Ordinal)));

        var log = new List<string>();
        var runner = new StageRunner(paths, catalog, loaded.Sections, loaded.Profile, log.Add, new FixedCode());
        Assert.Equal(StageOutcome.Ran, runner.Run(catalog[^1].Stage));
        runner.Flush();
        Assert.All(catalog, e => Assert.Contains(log, line => line.StartsWith($"[{e.Name}] done in ", StringComparison.Ordinal)));

        // Nothing was generated or read under data/zoos: the layouts are the ingests' outputs.
        Assert.False(Directory.Exists(paths.Full("data/zoos")));
        Assert.DoesNotContain("data/zoos", File.ReadAllText(paths.LockFile));
        foreach (var set in ZooNames.CnnImageSets)
            Assert.Equal(PublishedZoo.Layout.ReplaceLineEndings("\n"), File.ReadAllText(paths.Full(Artifacts.Layout(set.Zoo))).ReplaceLineEndings("\n"));

        var metrics = MetricsDiff.Parse(File.ReadAllText(paths.Full(Artifacts.MetricsSummary("smoke"))), "smoke summary");
        foreach (var (set, zoo, dataset) in ZooNames.CnnImageSets.Select(s => (s.Name, s.Zoo, s.Dataset)))
        {
            // The dataset counts are the downloaded zoo's: its rows, less the non-finite ones, of its models.
            Assert.Equal(rows[set], metrics[$"datasets/{zoo}/checkpoints/folder/weights/none/-/count"]);
            Assert.Equal(nonFinite.Length, metrics[$"datasets/{zoo}/dropped-non-finite/ingest/weights/none/-/count"]);
            Assert.Equal(rows[set] - nonFinite.Length, metrics[$"datasets/{zoo}/ingested-checkpoints/ingest/weights/none/-/count"]);
            Assert.Equal(Models, new[] { "train", "validation", "test" }.Sum(part => metrics[$"datasets/{zoo}/models-{part}/ingest/weights/none/-/count"]));

            // Tables 8, 9 and 10 (and Table 3 on MNIST, the reference's only CNN set there) have rows of this zoo, every one finite.
            var tables = dataset == "mnist" ? new[] { "table3", "table8", "table9", "table10" } : ["table8", "table9", "table10"];
            foreach (var table in tables)
            {
                var ours = metrics.Where(m => m.Key.StartsWith($"{table}/{dataset}/", StringComparison.Ordinal)).ToList();
                Assert.True(ours.Count > 0, $"no {table} row of {dataset}");
                Assert.All(ours, m => Assert.True(double.IsFinite(m.Value), $"{m.Key} is {m.Value}"));
            }
        }
        // Table 9's rows borrowed from Table 8 and its own AttnPred row.
        Assert.Contains("table9/mnist/accuracy/gbm-paper/stats-layer/none/-/r2", metrics.Keys);
        Assert.Contains("table9/mnist/accuracy/dnn-paper/weights/none/-/r2", metrics.Keys);
        Assert.Contains(metrics.Keys, k => k.StartsWith("table9/fashion/accuracy/attnpred/", StringComparison.Ordinal) && k.EndsWith("/r2", StringComparison.Ordinal));
    }
}
