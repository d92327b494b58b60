using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>
/// ingest-cnn-&lt;set&gt;: the generated zoo, or — when cnn_zoo names a folder instead of "generate" —
/// a downloaded Small CNN Zoo (or a merged cluster run), through the same ingest as every zoo and
/// under the same name, so every later stage reads it alike. A folder source is a dependency,
/// fingerprinted like any input.
/// </summary>
public sealed class CnnIngestStage(string set, CnnZooParams zoo, IngestParams ingest, SplitParams split, RunSettings run) : IStage
{
    private string ZooName => CnnZooStage.ZooName(set);
    private string Folder => CnnZooStage.Source(zoo, set) is var source && source == CnnZooStage.Generate ? Artifacts.Zoo(ZooName) : source;

    public string Name => $"ingest-{ZooName}";
    public string Description => $"Ingest the {ZooName} zoo ({Folder}) to Parquet and split it by model";
    public IReadOnlyList<string> Deps => [Folder];
    public IReadOnlyList<string> Outs => [Artifacts.Ingested(ZooName), Artifacts.Split(ZooName), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        new ZooFolder(context.Input(Folder)).RequireFiles();
        IngestStage.Ingest(context, ZooName, Folder, Name, ingest, split, run);
    }
}
