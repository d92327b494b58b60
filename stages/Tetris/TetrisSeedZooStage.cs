using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>tetris-seed: one activation and init; model k's init seed comes from <see cref="ModelSeeds"/>.</summary>
[Stage(Order = 30)]
public sealed class TetrisSeedZooStage(RunSettings run, TetrisTraining training, TetrisSeedZoo zoo) : TetrisZooStage(ZooNames.TetrisSeed, run, training)
{
    public override IReadOnlyList<FcnModelSpec> Models() =>
        Enumerable.Range(0, zoo.Models)
            .Select(k => new FcnModelSpec(ModelSeeds.For(ZooNames.TetrisSeed, Seed, k), Enum.Parse<Activation>(zoo.Activation, true), Initializers.Parse(zoo.Init)))
            .ToList();
}

/// <summary>tetris-seed: models that differ only in their init seed.</summary>
[ParamsSection("tetris_seed")]
public sealed record TetrisSeedZoo(
    [property: Range(4, 100_000)] int Models,                   // thesis: ~1,000
    [property: AllowedValues("relu", "tanh")] string Activation,
    [property: AllowedValues("uniform", "normal", "xavier-uniform", "xavier-normal", "kaiming-uniform", "kaiming-normal")] string Init);
