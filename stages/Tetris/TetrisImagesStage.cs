using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>Generates the tetris image set and records its class counts.</summary>
[Stage(Order = 10)]
public sealed class TetrisImagesStage : IStage
{
    /// <summary>The image set is enumerated, not drawn: no seed is involved.</summary>
    private const int NoSeed = 0;

    public string Name => ZooNames.TetrisImages;
    public string Description => "Tetris image set: every placement and rotation of four pieces on a 4x4 grid";
    public IReadOnlyList<string> Deps => [];
    public IReadOnlyList<string> Outs => [Artifacts.TetrisImages, Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var images = TetrisImages.Generate();
        TetrisImageFile.Write(context.Output(Artifacts.TetrisImages), images);
        var rows = images.GroupBy(i => i.Piece)
            .Select(g => Count($"class:{g.Key}", g.Count()))
            .Append(Count("images", images.Count))
            .ToList();
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
        context.Log($"{images.Count} images: {string.Join(", ", images.GroupBy(i => i.Piece).Select(g => $"{g.Key} {g.Count()}"))}");
    }

    private MetricRow Count(string target, int value) =>
        new("datasets", ZooNames.TetrisImages, target, "generator", "images", "none", "", "count", value, "all", NoSeed, Name);
}
