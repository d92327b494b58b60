using WeightSpace.Core.Metrics;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>
/// Trains one tetris zoo (tetris-seed or tetris-hyper) as one batched computation and writes it in
/// the published zoo format; records the zoo's size and final test-accuracy spread.
/// </summary>
public sealed class TetrisZooStage : IStage
{
    private readonly string _zoo;
    private readonly RunSettings _run;
    private readonly TetrisTraining _training;
    private readonly IReadOnlyList<FcnModelSpec> _models;

    private TetrisZooStage(string zoo, RunSettings run, TetrisTraining training, string section, IReadOnlyList<FcnModelSpec> models)
    {
        (_zoo, _run, _training, _models) = (zoo, run, training, models);
        ParamSections = ["run", "tetris_training", section];
    }

    /// <summary>tetris-seed: one activation and init; model k has init seed 1000 * run.seed + k.</summary>
    public static TetrisZooStage Seed(PipelineParams p) => new("tetris-seed", p.Run, p.TetrisTraining, "tetris_seed",
        Enumerable.Range(0, p.TetrisSeed.Models)
            .Select(k => new FcnModelSpec(1000 * p.Run.Seed + k, Enum.Parse<Activation>(p.TetrisSeed.Activation, true), Initializers.Parse(p.TetrisSeed.Init)))
            .ToList());

    /// <summary>tetris-hyper: every activation x init, models_per_config seeds each (seeds distinct from tetris-seed's).</summary>
    public static TetrisZooStage Hyper(PipelineParams p) => new("tetris-hyper", p.Run, p.TetrisTraining, "tetris_hyper",
        (from activation in p.TetrisHyper.Activations
         from init in p.TetrisHyper.Inits
         from k in Enumerable.Range(0, p.TetrisHyper.ModelsPerConfig)
         select (activation, init, k))
        .Select((m, i) => new FcnModelSpec(1_000_000 + 1000 * p.Run.Seed + i, Enum.Parse<Activation>(m.activation, true), Initializers.Parse(m.init)))
        .ToList());

    /// <summary>How every model of a tetris zoo trains (the recipe study uses the same mapping).</summary>
    public static FcnRecipe Recipe(TetrisTraining t, RunSettings run) =>
        new(t.Epochs, t.LearningRate, t.Optimizer, t.BatchSize, ShuffleSeed: run.Seed, InitScale: t.InitScale);

    /// <summary>The images a tetris zoo trains and tests on.</summary>
    public static TetrisImageSplit TestSet(TetrisTraining t, RunSettings run) =>
        new(t.TestFraction, t.NoiseCopies, t.NoiseStd, run.Seed, t.CleanTest);

    /// <summary>The models this zoo trains, in model order.</summary>
    public IReadOnlyList<FcnModelSpec> Models => _models;

    public string Name => $"zoo-{_zoo}";
    public string Description => $"Train the {_zoo} zoo (16-5-4 FCNs, all models batched) and write it in the Small CNN Zoo format";
    public IReadOnlyList<string> ParamSections { get; }
    public IReadOnlyList<string> Deps => [Artifacts.TetrisImages];
    public IReadOnlyList<string> Code => ["src/Core/Tetris", "src/Core/Augment/GaussianNoise.cs", "src/Core/Zoo/NpyFile.cs", "src/Core/Zoo/LayoutCsv.cs", "src/Core/Zoo/MetricsCsv.cs", "src/Core/Zoo/ZooFolder.cs", "stages/TetrisZooStage.cs"];
    public IReadOnlyList<string> Outs => [Artifacts.Zoo(_zoo), Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var images = TetrisImageFile.Read(context.Input(Artifacts.TetrisImages));
        var split = TestSet(_training, _run).Apply(images);
        var recipe = Recipe(_training, _run);
        context.Log($"training {_models.Count} models x {recipe.Epochs} epochs on {split.Train.Y.Length} images; testing on {split.Test.Y.Length}");
        var summary = TetrisZoo.Generate(context.Output(Artifacts.Zoo(_zoo)), _zoo, _models, recipe, split, context.Log);

        foreach (var s in summary.Spread.Where(s => s.Epoch == 1 || s.Epoch % Math.Max(1, summary.Epochs / 5) == 0 || s.Epoch == summary.Epochs))
            context.Log($"epoch {s.Epoch,4} test accuracy: min {s.Min:F2}  q1 {s.Q1:F2}  median {s.Median:F2}  q3 {s.Q3:F2}  max {s.Max:F2}");
        var last = summary.Spread[^1];
        MetricRow Fact(string target, string config, string metric, double value) =>
            new("datasets", _zoo, target, "generator", "weights", "none", config, metric, value, "all", _run.Seed, Name);
        var rows = new List<MetricRow>
        {
            Fact("models", "", "count", summary.Models),
            Fact("checkpoints", "", "count", summary.Models * summary.Epochs),
            Fact("parameters", "", "count", summary.Parameters),
        };
        var config = $"epoch={last.Epoch}";
        rows.AddRange([
            Fact("test-accuracy", config, "min", last.Min), Fact("test-accuracy", config, "q1", last.Q1),
            Fact("test-accuracy", config, "median", last.Median), Fact("test-accuracy", config, "q3", last.Q3),
            Fact("test-accuracy", config, "max", last.Max),
        ]);
        // Label noise (issue 12): how much of the accuracy's variance its test-set size alone explains.
        var noise = summary.LabelNoise;
        context.Log($"test set {noise.TestImages} images: binomial noise is {noise.Share:P1} of the test-accuracy variance; R² ceiling {noise.R2Ceiling:F3}");
        var noiseConfig = $"test-images={noise.TestImages}";
        rows.AddRange([
            Fact("test-images", "", "count", noise.TestImages),
            Fact("test-accuracy", noiseConfig, "label-noise-share", noise.Share),
            Fact("test-accuracy", noiseConfig, "r2-ceiling", noise.R2Ceiling),
        ]);
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
    }
}
