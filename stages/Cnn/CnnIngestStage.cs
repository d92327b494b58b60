using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// ingest-cnn-&lt;set&gt;: the generated zoo, or — when cnn_zoo names a folder instead of "generate" —
/// a downloaded Small CNN Zoo (or a merged cluster run), through the same ingest as every zoo and
/// under the same name, so every later stage reads it alike. A folder source is a dependency: the
/// runner hashes each of its files through the stat cache (a no-op run re-reads none). A folder
/// holding several image sets (in one set of files, or one sub-folder each) gives this set's rows,
/// picked by config.dataset.
/// </summary>
[Stage(Order = 70)]
public sealed class CnnIngestStage(string set, CnnZooParams zoo, IngestParams ingest, SplitParams split, RunSettings run) : IStage
{
    /// <summary>A zoo per image set.</summary>
    public static IEnumerable<string> Instances => ZooNames.CnnImageSetNames;

    private string ZooName => ZooNames.CnnZoo(set);
    private string Folder => CnnZooStage.Source(zoo, set) is var source && source == CnnZooStage.Generate ? Artifacts.Zoo(ZooName) : source;

    public string Name => $"ingest-{ZooName}";
    public string Description => $"Ingest the {ZooName} zoo ({Folder}) to Parquet and split it by model";
    public IReadOnlyList<string> Deps => [Folder];
    /// <summary>The ingest reads only the zoo's own files; anything else in the folder (a downloaded zoo's notes, a 20 GB archive) is not hashed.</summary>
    public IReadOnlySet<string>? FilesRead(string dep) => ZooFolder.FileNames;
    public IReadOnlyList<string> Outs => [Artifacts.Ingested(ZooName), Artifacts.Layout(ZooName), Artifacts.Split(ZooName), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var generated = CnnZooStage.Source(zoo, set) == CnnZooStage.Generate;
        var source = ZooSource.Resolve(context.Input(Folder), generated ? null : ZooNames.ImageSet(set).PublishedDataset);
        IngestStage.Ingest(context, ZooName, source, Name, ingest, split, run);
    }
}
