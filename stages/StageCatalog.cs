namespace WeightSpace.Stages;

/// <summary>
/// The pipeline: every stage in dependency order, one line each. This is the only place the graph
/// lives: a stage's upstream is whichever earlier stage declares an output it reads (the runner
/// derives the edges), the Cake tasks are generated from this list, and `stages --graph` draws it.
/// </summary>
public static class StageCatalog
{
    public static readonly string[] TetrisZoos = ["tetris-seed", "tetris-hyper"];

    public static IReadOnlyList<Core.Pipeline.CatalogEntry> Create(PipelineParams p, string profile = Core.Params.ParamsFile.DefaultProfile)
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
        foreach (var zoo in TetrisZoos)
            catalog.Add<EmbeddingsStage>(zoo);
        catalog.Add<ReportStage>();
        return catalog.Stages;
    }
}
