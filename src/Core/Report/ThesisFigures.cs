namespace WeightSpace.Core.Report;

/// <summary>
/// The thesis' result figures, in thesis order, with a shortened caption each. The report page
/// lists every one of them: drawn when its PNG exists, otherwise with the reason it is not.
/// </summary>
public static class ThesisFigures
{
    /// <summary>Figures that need CIFAR-10 or SVHN images, which no package ships here.</summary>
    public const string NeedsDownloadedZoo = "needs the downloaded zoo (CIFAR-10 / SVHN images are not available here)";

    public const string NotYetDrawn = "not yet drawn";

    public static readonly IReadOnlyList<(string Id, string Caption)> All =
    [
        ("fig9", "Figure 9 — UMAP of tetris-seed: weights (left) and the seven global statistics (right), coloured by test accuracy"),
        ("fig10", "Figure 10 — the global statistics of tetris-seed against test accuracy"),
        ("fig11", "Figure 11 — UMAP of tetris-seed: neuronGroup statistics (left) and layer statistics (right)"),
        ("fig12", "Figure 12 — UMAP of tetris-hyper from weights and from statistics, by accuracy and by activation and init"),
        ("fig13", "Figure 13 — UMAP of the CNN zoo weights by accuracy, checkpoint, activation and init"),
        ("fig14", "Figure 14 — UMAP of the CNN zoo statistics by accuracy, checkpoint, activation and init"),
        ("fig15", "Figure 15 — reconstruction R² per checkpoint epoch (tetris-seed, test models)"),
        ("fig16", "Figure 16 — AttnAE II attention maps per head, a high- and a low-accuracy test model"),
        ("fig17", "Figure 17 — correlation of the first head's attention maps over the test split, models by accuracy"),
        ("fig18", "Figure 18 — reconstruction R² under Gaussian noise on the bottleneck and on the input, by SNR"),
        ("fig19", "Figure 19 — reconstruction R² per checkpoint-epoch group with 10 dB noise on the bottleneck, per auto-encoder"),
        ("fig20", "Figure 20 — per-class recall of the hyper-parameter classifiers (log-linear and AttnPred), CNN zoo"),
        ("fig21", "Figure 21 — test-accuracy distribution per epoch group, CNN zoo"),
        ("fig22", "Figure 22 — epoch prediction on the CNN zoo: confusion matrix and per-group distribution"),
    ];

    /// <summary>The PNG file name a figure is drawn to, inside the report's figures folder.</summary>
    public static string FileName(string id) => $"{id}.png";
}
