using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>tetris-hyper: every activation x init, models_per_config seeds each (<see cref="ModelSeeds"/>: distinct from tetris-seed's and other runs').</summary>
[Stage(Order = 40)]
public sealed class TetrisHyperZooStage(RunSettings run, TetrisTraining training, TetrisHyperZoo zoo) : TetrisZooStage(ZooNames.TetrisHyper, run, training)
{
    public override IReadOnlyList<FcnModelSpec> Models() =>
        (from activation in zoo.Activations
         from init in zoo.Inits
         from k in Enumerable.Range(0, zoo.ModelsPerConfig)
         select (activation, init, k))
        .Select((m, i) => new FcnModelSpec(ModelSeeds.For(ZooNames.TetrisHyper, Seed, i), Enum.Parse<Activation>(m.activation, true), Initializers.Parse(m.init)))
        .ToList();
}

/// <summary>tetris-hyper: every activation x init method, several seeds each.</summary>
[ParamsSection("tetris_hyper")]
public sealed record TetrisHyperZoo(
    [property: Range(1, 10_000)] int ModelsPerConfig,           // thesis: ~1,400 models in all (117 x 12)
    [property: MinLength(1), DistinctItems, AllowedValues("relu", "tanh")] IReadOnlyList<string> Activations,
    [property: MinLength(1), DistinctItems, AllowedValues("uniform", "normal", "xavier-uniform", "xavier-normal", "kaiming-uniform", "kaiming-normal")] IReadOnlyList<string> Inits);
