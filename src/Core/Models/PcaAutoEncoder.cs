using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using WeightSpace.Core.Torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// PCA as a linear auto-encoder (the thesis' baseline, e.g. 100-20-100): Encode = (x - mean) Vk^T,
/// Decode = z Vk + mean, with Vk the top-k right singular vectors of the centred training rows.
/// Fitted in closed form (SVD in float64), no training.
/// </summary>
public sealed class PcaAutoEncoder : Module<Tensor, Tensor>, IWeightAutoEncoder
{
    private readonly Tensor mean;       // (P)
    private readonly Tensor components; // (k, P), orthonormal rows

    private PcaAutoEncoder(Tensor mean, Tensor components, double[] explained) : base(nameof(PcaAutoEncoder))
    {
        this.mean = mean;
        this.components = components;
        ExplainedVarianceRatio = explained;
        RegisterComponents(); // registers mean and components as buffers: saved, moved with the module
    }

    /// <summary>Fraction of the training variance each kept component explains, largest first (empty for a loaded model: not saved).</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    public int LatentSize => (int)components.shape[0];

    /// <summary>Fits on n training rows (n x P, row-major) keeping k components (k &lt;= min(n, P)).</summary>
    public static PcaAutoEncoder Fit(ReadOnlySpan<float> rows, int parameterCount, int k)
    {
        if (parameterCount < 1 || rows.Length % parameterCount != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of P = {parameterCount}", nameof(rows));
        var n = rows.Length / parameterCount;
        if (k < 1 || k > Math.Min(n, parameterCount))
            throw new ArgumentOutOfRangeException(nameof(k), k, $"PCA keeps 1..min(n = {n}, P = {parameterCount}) components");
        using var scope = NewDisposeScope();
        var x = tensor(rows.ToArray()).view(n, parameterCount).to(float64);
        var mu = x.mean([0L]);                                    // (P)
        var (_, s, vh) = linalg.svd(x - mu, fullMatrices: false); // s (min(n,P)), vh (min(n,P), P)
        var variance = s.square();
        var explained = (variance[..k] / variance.sum()).to(float64).cpu().data<double>().ToArray();
        return new PcaAutoEncoder(
            mu.to(float32).DetachFromDisposeScope(),
            vh[..k].to(float32).contiguous().DetachFromDisposeScope(),
            explained);
    }

    /// <summary>A PCA of P -> k with zero mean and components: the shape <see cref="ModelFile.Load"/> fills with fitted ones.</summary>
    public static PcaAutoEncoder Empty(int parameterCount, int k) =>
        new(zeros(parameterCount).DetachFromDisposeScope(), zeros(k, parameterCount).DetachFromDisposeScope(), []);

    public Tensor Encode(Tensor flat) => matmul(flat - mean, components.t()); // (B, k)

    public Tensor Decode(Tensor latent) => matmul(latent, components).Plus(mean); // (B, P)

    public override Tensor forward(Tensor flat) => Decode(Encode(flat));
}
