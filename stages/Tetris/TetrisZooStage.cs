using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// Trains one tetris zoo as one batched computation and writes it in the published zoo format;
/// records the zoo's size and final test-accuracy spread. The two zoos differ only in their models
/// (<see cref="TetrisSeedZooStage"/>, <see cref="TetrisHyperZooStage"/>), each built from its own params section.
/// </summary>
public abstract class TetrisZooStage(string zoo, RunSettings run, TetrisTraining training) : IStage
{
    /// <summary>The tetris zoos, the instances of the stages every tetris zoo goes through.</summary>
    public static IReadOnlyList<string> Zoos => ZooNames.TetrisZoos;

    /// <summary>How every model of a tetris zoo trains (the recipe study uses the same mapping).</summary>
    public static FcnRecipe Recipe(TetrisTraining t, RunSettings run) =>
        new(t.Epochs, t.LearningRate, t.Optimizer, t.BatchSize, ShuffleSeed: run.Seed, InitScale: t.InitScale);

    /// <summary>The images a tetris zoo trains and tests on.</summary>
    public static TetrisImageSplit TestSet(TetrisTraining t, RunSettings run) =>
        new(t.TestFraction, t.NoiseCopies, t.NoiseStd, run.Seed, t.CleanTest);

    public string Name => $"zoo-{zoo}";
    public string Description => $"Train the {zoo} zoo (16-5-4 FCNs, all models batched) and write it in the Small CNN Zoo format";
    public IReadOnlyList<string> Deps => [Artifacts.TetrisImages];
    public IReadOnlyList<string> Outs => [Artifacts.Zoo(zoo), Artifacts.MetricsPart(Name)];

    /// <summary>run.seed: the root of every model's init seed.</summary>
    protected int Seed => run.Seed;

    /// <summary>Every model of the zoo: init seed, activation, initializer (the recipe study trains the same models).</summary>
    public abstract IReadOnlyList<FcnModelSpec> Models();

    public void Run(StageContext context)
    {
        var models = Models();
        var images = TetrisImageFile.Read(context.Input(Artifacts.TetrisImages));
        var split = TestSet(training, run).Apply(images);
        var recipe = Recipe(training, run);
        context.Log($"training {models.Count} models x {recipe.Epochs} epochs on {split.Train.Y.Length} images; testing on {split.Test.Y.Length}");
        var summary = TetrisZoo.Generate(context.Output(Artifacts.Zoo(zoo)), zoo, models, recipe, split, context.Log);

        foreach (var s in summary.Spread.Where(s => s.Epoch == 1 || s.Epoch % Math.Max(1, summary.Epochs / 5) == 0 || s.Epoch == summary.Epochs))
            context.Log($"epoch {s.Epoch,4} test accuracy: min {s.Min:F2}  q1 {s.Q1:F2}  median {s.Median:F2}  q3 {s.Q3:F2}  max {s.Max:F2}");
        var last = summary.Spread[^1];
        MetricRow Fact(string target, string config, string metric, double value) =>
            new("datasets", zoo, target, "generator", "weights", "none", config, metric, value, "all", run.Seed, Name);
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
        // Label noise: how much of the accuracy's variance its test-set size alone explains.
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

/// <summary>How every tetris model is trained (both zoos).</summary>
[ParamsSection("tetris_training")]
public sealed record TetrisTraining(
    [property: Range(1, 10_000)] int Epochs,                    // a checkpoint after each epoch (thesis: 75)
    [property: Range(1e-6, 10.0)] double LearningRate,          // optimizer step size
    [property: AllowedValues("sgd", "adam")] string Optimizer,  // the same for every model
    [property: Range(1, 65)] int BatchSize,                     // images per step; all models see the same batches
    [property: Range(0.0, 0.9)] double TestFraction,            // placements held out of training (0: none, see TetrisImageSplit)
    [property: Range(0, 100)] int NoiseCopies,                  // noisy copies of every image in the test set
    [property: Range(0.0, 2.0)] double NoiseStd,                // pixel noise of those copies
    [property: Range(0.01, 100.0)] double InitScale,            // multiplies every initial weight (1: the init method as defined)
    bool CleanTest);                                            // also test on the 65 clean images
