using TorchSharp;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// An encoder that first standardises its flat input per layout variable (each layer's kernel and
/// bias apart): z = (w - mean) / std with one mean and one std per variable, fitted on training
/// rows and held as buffers, so the model takes raw weights and is saved with its scaling.
/// </summary>
/// <remarks>
/// Why: the Small CNN Zoo samples init_std log-uniformly over [0.001, 0.5], so raw CNN weights span
/// orders of magnitude and differ by layer; unscaled, AttnEnc II's linear embedders see most tokens
/// as near zero. One statistic per variable (not per weight) keeps the scaling equivariant under
/// <see cref="Augment.NeuronPermutation"/>, which only moves values within a variable.
/// </remarks>
public sealed class ScaledEncoder : Module<Tensor, Tensor>, IWeightEncoder
{
    private readonly Module<Tensor, Tensor> inner;
    private readonly Tensor shift; // (P)
    private readonly Tensor scale; // (P)
    private readonly IWeightEncoder _inner;

    /// <param name="shift">per flat index, the mean of its variable.</param>
    /// <param name="scale">per flat index, 1 / std of its variable.</param>
    public ScaledEncoder(Module<Tensor, Tensor> inner, float[] shift, float[] scale) : base(nameof(ScaledEncoder))
    {
        _inner = inner as IWeightEncoder
            ?? throw new ArgumentException($"{inner.GetType().Name} does not implement {nameof(IWeightEncoder)}", nameof(inner));
        if (shift.Length != scale.Length) throw new ArgumentException($"{shift.Length} shifts but {scale.Length} scales", nameof(scale));
        this.inner = inner;
        this.shift = tensor(shift).DetachFromDisposeScope();
        this.scale = tensor(scale).DetachFromDisposeScope();
        RegisterComponents(); // shift and scale become buffers: saved and moved with the module, not trained
    }

    public int LatentSize => _inner.LatentSize;

    /// <summary>The wrapped encoder.</summary>
    public Module<Tensor, Tensor> Inner => inner;

    public Tensor Encode(Tensor flat) => _inner.Encode((flat - shift) * scale); // (B, P) -> (B, latent)

    public override Tensor forward(Tensor flat) => Encode(flat);

    /// <summary>
    /// Fits one mean and one population std per layout variable over the given rows of a row-major
    /// (rows x P) weight matrix; a variable with no spread gets scale 1.
    /// </summary>
    public static (float[] Shift, float[] Scale) FitPerVariable(ReadOnlySpan<float> weights, IReadOnlyList<int> rows, WeightLayout layout)
    {
        if (rows.Count == 0) throw new ArgumentException("cannot fit the input scaling on zero rows", nameof(rows));
        var p = layout.ParameterCount;
        var shift = new float[p];
        var scale = new float[p];
        foreach (var entry in layout.Entries)
        {
            double sum = 0, square = 0;
            foreach (var r in rows)
                foreach (var w in weights.Slice(r * p + entry.Start, entry.Size))
                {
                    sum += w;
                    square += (double)w * w;
                }
            var n = (double)rows.Count * entry.Size;
            var mean = sum / n;
            var sd = Math.Sqrt(Math.Max(0, square / n - mean * mean));
            Array.Fill(shift, (float)mean, entry.Start, entry.Size);
            Array.Fill(scale, sd > 1e-12 ? (float)(1 / sd) : 1f, entry.Start, entry.Size);
        }
        return (shift, scale);
    }
}
