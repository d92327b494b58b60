namespace WeightSpace.Core.Zoo;

/// <summary>
/// The init seed of every generated zoo model, distinct across zoos and <c>run.seed</c> values:
/// seed = run.seed x (ZooSlots x ModelsPerZoo) + slot(zoo) x ModelsPerZoo + model index.
/// </summary>
/// <remarks>
/// <para>Each (run.seed, zoo) pair owns its own block of <see cref="ModelsPerZoo"/> seeds, so no
/// two models of any two zoos or runs share an init (the earlier 1000 x run.seed + k let run.seed 1
/// reuse run.seed 0's models past the 1,000th). The blocks fit in <see cref="Random"/>'s
/// non-negative int seeds up to <see cref="MaxRunSeed"/>.</para>
/// <para>At run.seed 0 this gives the seeds the zoos always had (tetris-seed k, tetris-hyper
/// 1,000,000 + i), so the default zoos are unchanged. A third generated zoo needs a third slot:
/// raise <see cref="ZooSlots"/> and lower <see cref="MaxRunSeed"/> to stay within an int (this
/// moves the seeds of run.seed &gt; 0 only).</para>
/// </remarks>
public static class ModelSeeds
{
    /// <summary>Seeds reserved per zoo and run.seed; a zoo has at most this many models.</summary>
    public const int ModelsPerZoo = 1_000_000;

    /// <summary>Zoo slots per run.seed, one per entry of <see cref="Zoos"/>.</summary>
    public const int ZooSlots = 2;

    /// <summary>The largest run.seed whose blocks still fit in an int.</summary>
    public const int MaxRunSeed = 1000;

    /// <summary>The generated zoos in slot order.</summary>
    public static readonly IReadOnlyList<string> Zoos = [ZooNames.TetrisSeed, ZooNames.TetrisHyper];

    /// <summary>The init seed of model <paramref name="model"/> (0-based, in generation order) of <paramref name="zoo"/>.</summary>
    /// <exception cref="ArgumentException">an unknown zoo, a run seed outside [0, MaxRunSeed] or a model index outside [0, ModelsPerZoo).</exception>
    public static int For(string zoo, int runSeed, int model)
    {
        var slot = Zoos.ToList().IndexOf(zoo);
        if (slot < 0)
            throw new ArgumentException($"zoo '{zoo}' has no seed slot; add it to {nameof(ModelSeeds)}.{nameof(Zoos)} (known: {string.Join(", ", Zoos)})", nameof(zoo));
        if (runSeed is < 0 or > MaxRunSeed)
            throw new ArgumentOutOfRangeException(nameof(runSeed), runSeed, $"run.seed must be between 0 and {MaxRunSeed} for zoo model seeds to stay distinct");
        if (model is < 0 or >= ModelsPerZoo)
            throw new ArgumentOutOfRangeException(nameof(model), model, $"zoo '{zoo}' may have at most {ModelsPerZoo:N0} models for its seeds to stay distinct");
        return checked((runSeed * ZooSlots + slot) * ModelsPerZoo + model);
    }
}
