using WeightSpace.Core.Params;
using WeightSpace.Core.Pipeline;

namespace WeightSpace.Stages;

/// <summary>Every stage of the pipeline in dependency order, each given only its params sections.</summary>
public static class StageCatalog
{
    public static readonly string[] TetrisZoos = ["tetris-seed", "tetris-hyper"];

    public static IReadOnlyList<IStage> Create(PipelineParams p, string profile = ParamsFile.DefaultProfile)
    {
        List<IStage> stages =
        [
            new TetrisImagesStage(p.Run),
            TetrisZooStage.Seed(p),
            TetrisZooStage.Hyper(p),
        ];
        foreach (var zoo in TetrisZoos)
            stages.AddRange([
                new IngestStage(zoo, p.Ingest, p.Split, p.Run.Seed),
                new StatisticsStage(zoo, p.Statistics),
                new BaselinesStage(zoo, p.Baselines, p.Run.Seed),
                new PredictorsStage(zoo, p.Attention, p.Run.Seed),
            ]);
        stages.Add(new AutoEncodersStage("tetris-seed", p.Attention, p.Baselines, p.Run.Seed));

        // The report reads every metrics part the other stages write.
        var parts = stages.SelectMany(s => s.Outs).Where(o => o.StartsWith(ProjectPaths.Artifacts.MetricsDir + "/", StringComparison.Ordinal)).ToList();
        stages.Add(new ReportStage(p.Report, parts, profile));
        return stages;
    }
}
