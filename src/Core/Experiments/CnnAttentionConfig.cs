using WeightSpace.Core.Training;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// How Tables 9 and 10 and §4.4.2 train on a CNN zoo (params.json's cnn_attention section): the
/// trainer, which checkpoints train, and the model sizes. The thesis' sizes (~600K-parameter
/// AttnPred, 2.5M-parameter AttnAE II) are for a GPU; the default profile shrinks them and the
/// config labels keep the thesis' values so the report joins the rows.
/// </summary>
/// <param name="EpochStride">Hyper-parameter and accuracy rows train and validate on every k-th checkpoint epoch (test uses all).</param>
/// <param name="MaxTrainRows">At most this many training checkpoints, a seeded subsample (0: all).</param>
/// <param name="LogisticCs">The log-linear baseline's inverse regularisation grid, chosen on validation.</param>
/// <param name="DModel">AttnPred's encoder width.</param>
/// <param name="AeDModel">AttnAE II's width in §4.4.2 (thesis 128 with N = 4 blocks).</param>
/// <param name="Ensemble">Table 9 also scores the mean prediction of this many AttnPreds, one per seed (1: the single model only).</param>
public sealed record CnnAttentionConfig(TrainerConfig Trainer, int EpochStride, int MaxTrainRows, IReadOnlyList<double> LogisticCs,
    int DModel, int Heads, int Blocks, int GlobalTokens, int MlpRatio, int AeDModel, int AeBlocks, int Ensemble)
{
    /// <summary>Train and validation rows thinned by <paramref name="epochStride"/>, train capped at <see cref="MaxTrainRows"/>; all test rows.</summary>
    public ExperimentRows Rows(Zoo.ZooDataset data, int epochStride)
    {
        var rows = ExperimentRows.Of(data, epochStride);
        return rows with { Train = Baselines.LinearBaselines.Subsample(rows.Train, MaxTrainRows, Trainer.Seed) };
    }
}
