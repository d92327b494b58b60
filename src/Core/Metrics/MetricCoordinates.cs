namespace WeightSpace.Core.Metrics;

/// <summary>
/// The settings of a metric row as typed columns, for code that reads them (the report's figures).
/// The row's config string spells the same settings out as a label; nothing parses it back.
/// Every column is empty (or null) where it does not apply.
/// </summary>
/// <param name="Params">The settings of the model or series the point belongs to, e.g. an auto-encoder's "latent=20;N=4;d=128" (Figures 15, 18, 19).</param>
/// <param name="Noise">Where Gaussian noise was added: "input" or "bottleneck" (Figures 18, 19).</param>
/// <param name="Snr">The noise's signal-to-noise ratio in dB (Figures 18, 19).</param>
/// <param name="Epoch">The checkpoint epoch (group) the number is measured on (Figures 15, 19, 20, 21, 22).</param>
/// <param name="Quantile">Which quantile of a distribution, e.g. "p25" (Figures 21, 22).</param>
/// <param name="Class">A category of the point: the class whose recall it is (Figure 20), the true class of a confusion cell
/// (Figure 22), the accuracy rank of the model whose attention it is, "high" or "low" (Figure 16).</param>
/// <param name="Predicted">The predicted class of a confusion cell (Figure 22).</param>
/// <param name="Head">The attention head (Figure 16).</param>
/// <param name="CellRow">The row of a matrix cell: an attention map's query token (Figure 16), an accuracy bin (Figure 17).</param>
/// <param name="CellColumn">The column of a matrix cell: an attention map's key token (Figure 16), an accuracy bin (Figure 17).</param>
public sealed record MetricCoordinates(
    string Params = "",
    string Noise = "",
    double? Snr = null,
    int? Epoch = null,
    string Quantile = "",
    string Class = "",
    string Predicted = "",
    int? Head = null,
    int? CellRow = null,
    int? CellColumn = null)
{
    /// <summary>A row of a table, with no coordinates.</summary>
    public static readonly MetricCoordinates None = new();
}
