using TorchSharp;
using static TorchSharp.torch;
using WeightSpace.Core.Torch;

namespace WeightSpace.Core.Augment;

/// <summary>
/// Additive white Gaussian noise at a target signal-to-noise ratio in dB (thesis §3.3 and the
/// noise-robustness study): sigma = sqrt(P_input * 10^(-snr/10)), where P_input is the mean square
/// of the signal. The one implementation: training (input and bottleneck noise) and the noise
/// sweeps call <see cref="Add"/>.
/// </summary>
/// <remarks>
/// P_input is measured per sample (per row), so every model gets noise at the same SNR whatever
/// the scale of its weights; a per-batch power would over-noise small-weight checkpoints (early
/// epochs) and under-noise large ones. Works on any rows: weight vectors or bottlenecks. The noise
/// is drawn from torch's generator, so <c>torch.manual_seed</c> makes it repeat.
/// </remarks>
public static class GaussianNoise
{
    /// <summary>rows (B, n) plus noise at <paramref name="snrDb"/>, each row at its own power; no gradient flows through sigma.</summary>
    public static Tensor Add(Tensor rows, double snrDb)
    {
        if (!double.IsFinite(snrDb))
            throw new ArgumentOutOfRangeException(nameof(snrDb), snrDb, "the SNR must be a finite number of dB");
        if (rows.dim() != 2)
            throw new ArgumentException($"expected rows (B, n), got ({string.Join(", ", rows.shape)})", nameof(rows));
        using var factor = Math.Pow(10, -snrDb / 10).ToScalar(); // owned, see AdamW's remarks
        var sigma = rows.detach().square().mean([1L], keepdim: true).mul_(factor).sqrt(); // (B, 1)
        return rows.Plus(randn_like(rows) * sigma);
    }
}
