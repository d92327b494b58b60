using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using System.Globalization;
using WeightSpace.Core.Manifold;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>UMAP maps of one zoo's weights and statistics (Figures 9, 11, 12 for tetris; 13, 14 for the CNN zoos), drawn later by the report.</summary>
public sealed class EmbeddingsStage(string zoo, EmbeddingParams parameters, RunSettings run) : IStage
{
    public string Name => $"embed-{zoo}";
    public string Description => $"UMAP of {zoo}'s weights and statistics (Figures 9-14 data)";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Statistics(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.Embeddings(zoo), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var data = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var statistics = FeatureTable.Read(context.Input(Artifacts.Statistics(zoo)));
        var options = new UmapOptions(Neighbors: parameters.Neighbors, MinDist: parameters.MinDist, Epochs: parameters.Epochs, Seed: run.Seed, Threads: run.Threads);
        var specs = zoo == "tetris-seed" ? ZooEmbeddings.TetrisSeed : ZooEmbeddings.WeightsAndStatistics;
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
