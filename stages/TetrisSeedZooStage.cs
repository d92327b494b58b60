using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>tetris-seed: one activation and init; model k has init seed 1000 * run.seed + k.</summary>
public sealed class TetrisSeedZooStage(RunSettings run, TetrisTraining training, TetrisSeedZoo zoo) : TetrisZooStage("tetris-seed", run, training)
{
    protected override IReadOnlyList<FcnModelSpec> Models() =>
        Enumerable.Range(0, zoo.Models)
            .Select(k => new FcnModelSpec(1000 * Seed + k, Enum.Parse<Activation>(zoo.Activation, true), Initializers.Parse(zoo.Init)))
            .ToList();
}
