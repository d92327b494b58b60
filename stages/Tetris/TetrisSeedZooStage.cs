using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>tetris-seed: one activation and init; model k's init seed comes from <see cref="ModelSeeds"/>.</summary>
public sealed class TetrisSeedZooStage(RunSettings run, TetrisTraining training, TetrisSeedZoo zoo) : TetrisZooStage("tetris-seed", run, training)
{
    public override IReadOnlyList<FcnModelSpec> Models() =>
        Enumerable.Range(0, zoo.Models)
            .Select(k => new FcnModelSpec(ModelSeeds.For("tetris-seed", Seed, k), Enum.Parse<Activation>(zoo.Activation, true), Initializers.Parse(zoo.Init)))
            .ToList();
}
