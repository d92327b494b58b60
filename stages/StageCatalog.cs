using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// The pipeline: every stage in dependency order, one line each. This is the only place the graph
/// lives: a stage's upstream is whichever earlier stage declares an output it reads (the runner
/// derives the edges), the Cake tasks are generated from this list, and `stages --graph` draws it.
/// </summary>
public static class StageCatalog
{
    public static readonly string[] TetrisZoos = ["tetris-seed", "tetris-hyper"];

    public static IReadOnlyList<CatalogEntry> Create(PipelineParams p, string profile = ParamsFile.DefaultProfile)
    {
        var catalog = new StageBuilder(p, profile);
        catalog.Add<TetrisImagesStage>();
        catalog.Add<TetrisSeedZooStage>();
        catalog.Add<TetrisHyperZooStage>();
        foreach (var zoo in TetrisZoos)
        {
            catalog.Add<IngestStage>(zoo);
            catalog.Add<StatisticsStage>(zoo);
            catalog.Add<BaselinesStage>(zoo);
            catalog.Add<PredictorsStage>(zoo);
        }
        catalog.Add<AutoEncodersStage>();
        catalog.Add<ProbesStage>();
        catalog.Add<NoiseSweepStage>();
        catalog.Add<AttentionMapsStage>();
        foreach (var zoo in TetrisZoos)
            catalog.Add<EmbeddingsStage>(zoo);

        // Small CNN zoos: images -> zoo -> ingest -> statistics, then Tables 3, 8, 9, 10 (and §4.4.2 on
        // MNIST). With a folder as cnn_zoo's source the zoo stage only checks that folder and the
        // ingest reads it as it is.
        foreach (var set in ImagesStage.Sets)
        {
            var zoo = CnnZooStage.ZooName(set);
            catalog.Add<ImagesStage>(set);
            catalog.Add<CnnZooStage>(set);
            catalog.Add<CnnIngestStage>(set);
            catalog.Add<StatisticsStage>(zoo);
            catalog.Add<CnnBaselinesStage>(zoo);
            catalog.Add<CnnTable8Stage>(zoo);
            catalog.Add<CnnAttentionStage>(zoo);
        }
        catalog.Add<EmbeddingsStage>(CnnZooStage.ZooName("mnist")); // Figures 13, 14
        catalog.Add<ReportStage>();
        return catalog.Stages;
    }
}
