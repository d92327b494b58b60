using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Training;

namespace WeightSpace.Stages;

/// <summary>
/// How long and how fast a section's networks train: the keys every params section with learned
/// networks shares (attention, cnn_table8, cnn_attention). Such a section's record derives from
/// this one, so the keys sit in the section itself, as params.json has them (attention.epochs), and
/// <see cref="Trainer"/> is the one place a budget becomes a <see cref="TrainerConfig"/>.
/// </summary>
public abstract record TrainingBudget
{
    /// <summary>Train/validation use every k-th checkpoint epoch (test uses all).</summary>
    [Range(1, 1000)] public required int EpochStride { get; init; }

    /// <summary>Training epochs of each network; also the length of the cosine schedule.</summary>
    [Range(1, 100_000)] public required int Epochs { get; init; }

    [Range(1, 65_536)] public required int BatchSize { get; init; }

    /// <summary>AdamW's peak, after a linear warm-up, then cosine decay.</summary>
    [Range(1e-6, 1.0)] public required double LearningRate { get; init; }

    [Range(0.0, 1.0)] public required double WeightDecay { get; init; }

    /// <summary>Capped at <see cref="Epochs"/> when the trainer is made.</summary>
    [Range(0.0, 100.0)] public required double WarmupEpochs { get; init; }

    /// <summary>Early stop after this many epochs without a better validation loss.</summary>
    [Range(1, 100_000)] public required int Patience { get; init; }

    /// <summary>The trainer settings of this budget, seeded by <paramref name="seed"/>.</summary>
    public TrainerConfig Trainer(int seed) =>
        new(Epochs: Epochs, BatchSize: BatchSize, LearningRate: LearningRate, WeightDecay: WeightDecay,
            WarmupEpochs: Math.Min(WarmupEpochs, Epochs), Patience: Patience, Seed: seed);
}
