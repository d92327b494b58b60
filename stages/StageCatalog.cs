using WeightSpace.Core.Params;
using WeightSpace.Core.Pipeline;

namespace WeightSpace.Stages;

/// <summary>Every stage of the pipeline in dependency order, each given only its params sections.</summary>
public static class StageCatalog
{
    public static readonly string[] TetrisZoos = ["tetris-seed", "tetris-hyper"];

    /// <summary>The CNN zoos (issue 10): our own on MNIST and Fashion-MNIST.</summary>
    public static readonly string[] CnnZoos = ["cnn-mnist", "cnn-fashion"];

    /// <summary>Tables 3 and 8 on one CNN zoo; they read its ingest, split, layout and statistics.</summary>
    public static IReadOnlyList<IStage> CnnAnalysis(PipelineParams p, string zoo) =>
    [
        new CnnBaselinesStage(zoo, p.Baselines, p.CnnBaselines, p.Run),
        new CnnTable8Stage(zoo, p.CnnTable8, p.Run),
    ];

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
