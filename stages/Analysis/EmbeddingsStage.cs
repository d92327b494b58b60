using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using System.Globalization;
using WeightSpace.Core.Manifold;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>UMAP maps of one zoo's weights and statistics (Figures 9, 11, 12 for tetris; 13, 14 for the CNN zoos), drawn later by the report.</summary>
[Stage(Order = 110)]
public sealed class EmbeddingsStage(string zoo, EmbeddingParams parameters, RunSettings run) : IStage
{
    /// <summary>The tetris zoos (Figures 9-12) and the MNIST CNN zoo (Figures 13, 14).</summary>
    public static IEnumerable<string> Instances => [.. TetrisZooStage.Zoos, ZooNames.Mnist.Zoo];

    public string Name => $"embed-{zoo}";
    public string Description => $"UMAP of {zoo}'s weights and statistics (Figures 9-14 data)";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Statistics(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.Embeddings(zoo), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var data = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var statistics = FeatureTable.Read(context.Input(Artifacts.Statistics(zoo)));
        var options = new UmapOptions(Neighbors: parameters.Neighbors, MinDist: parameters.MinDist, Epochs: parameters.Epochs, Seed: run.Seed, Threads: run.Threads);
        var specs = zoo == ZooNames.TetrisSeed ? ZooEmbeddings.TetrisSeed : ZooEmbeddings.WeightsAndStatistics;
        var trust = new Dictionary<string, (double Value, int K, int Points)>();
        var table = ZooEmbeddings.Compute(data, statistics, specs, options, parameters.MaxPoints, context.Log, context.Cancellation, trust);
        var output = context.Output(Artifacts.Embeddings(zoo));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        table.Write(output);
        // Each map's trustworthiness as a metric row (table "umap", beyond the thesis), so a change shows in MetricsDiff.
        var config = $"neighbors={parameters.Neighbors};min_dist={parameters.MinDist.ToString(CultureInfo.InvariantCulture)}";
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), specs.Select(spec => new MetricRow(
            "umap", zoo, "embedding", "umap", spec.Name, "none", $"{config};k={trust[spec.Name].K};sample={trust[spec.Name].Points}",
            "trustworthiness", trust[spec.Name].Value, "all", run.Seed, Name)).ToList());
    }
}

/// <summary>UMAP maps of the zoos (Figures 9-14): the thesis' settings, on a subsample of whole models.</summary>
[ParamsSection("embeddings")]
public sealed record EmbeddingParams(
    [property: Range(2, 200)] int Neighbors,          // thesis: 50
    [property: Range(0.0, 1.0)] double MinDist,       // thesis: 0.1
    [property: Range(100, 10_000_000)] int MaxPoints, // checkpoints embedded per zoo (every epoch of a seeded subset of models)
    [property: Range(0, 10_000)] int Epochs);         // SGD epochs; 0: umap-learn's choice (500 up to 10,000 points, else 200)
