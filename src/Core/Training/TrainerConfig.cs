namespace WeightSpace.Core.Training;

/// <summary>Training hyper-parameters (thesis §4: AdamW, permutation augmentation, noise at an SNR).</summary>
/// <param name="Epochs">passes over the training set; also the length of the cosine schedule.</param>
/// <param name="BatchSize">samples per optimiser step.</param>
/// <param name="LearningRate">peak learning rate, reached at the end of the warm-up.</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay.</param>
/// <param name="WarmupEpochs">linear warm-up from 0 to the peak, in epochs (fractions allowed); transformers diverge without it.</param>
/// <param name="Cosine">cosine decay from the peak to <paramref name="MinLearningRate"/> after the warm-up; false keeps the peak.</param>
/// <param name="MinLearningRate">the floor of the cosine decay.</param>
/// <param name="Patience">stop after this many epochs without a better validation loss; null trains all epochs.</param>
/// <param name="Seed">seeds torch (init, dropout, noise) and the shuffling/augmentation random source.</param>
/// <param name="Permute">a random function-preserving neuron permutation per training sample (needs the layout).</param>
/// <param name="InputNoiseSnrDb">Gaussian noise on the training inputs at this SNR in dB (per-sample power); null for none.</param>
/// <param name="BottleneckNoiseSnrDb">Gaussian noise on the latent code at this SNR in dB (auto-encoders only); null for none.</param>
/// <param name="ErasingP">probability of zeroing each neuron-group token of a training input (needs the layout).</param>
public sealed record TrainerConfig(
    int Epochs = 50,
    int BatchSize = 256,
    double LearningRate = 1e-3,
    double WeightDecay = 1e-2,
    double WarmupEpochs = 1,
    bool Cosine = true,
    double MinLearningRate = 0,
    int? Patience = 10,
    int Seed = 0,
    bool Permute = false,
    double? InputNoiseSnrDb = null,
    double? BottleneckNoiseSnrDb = null,
    double ErasingP = 0)
{
    /// <summary>Rejects values no run can use, naming the field.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "need at least one epoch");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be positive");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be positive");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weight decay must be >= 0");
        if (!(WarmupEpochs >= 0)) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "warm-up must be >= 0 epochs");
        if (!(MinLearningRate >= 0 && MinLearningRate <= LearningRate))
            throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "minimum learning rate must lie in [0, LearningRate]");
        if (Patience is < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "patience must be at least one epoch");
        if (!(ErasingP >= 0 && ErasingP <= 1)) throw new ArgumentOutOfRangeException(nameof(ErasingP), ErasingP, "erasing probability must lie in [0, 1]");
        if (InputNoiseSnrDb is { } a && !double.IsFinite(a)) throw new ArgumentOutOfRangeException(nameof(InputNoiseSnrDb), a, "SNR must be finite");
        if (BottleneckNoiseSnrDb is { } b && !double.IsFinite(b)) throw new ArgumentOutOfRangeException(nameof(BottleneckNoiseSnrDb), b, "SNR must be finite");
    }

    /// <summary>
    /// The learning rate at optimiser step <paramref name="step"/> (0-based) of <paramref name="stepsPerEpoch"/>
    /// x <see cref="Epochs"/>: linear warm-up, then cosine decay (or constant).
    /// </summary>
    public double LearningRateAt(int step, int stepsPerEpoch)
    {
        var warmup = WarmupEpochs * stepsPerEpoch;
        if (step < warmup) return LearningRate * (step + 1) / warmup;
        if (!Cosine) return LearningRate;
        var total = (double)Epochs * stepsPerEpoch;
        var progress = total <= warmup ? 1 : Math.Clamp((step - warmup) / (total - warmup), 0, 1);
        return MinLearningRate + 0.5 * (LearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
