namespace WeightSpace.Core.Models;

/// <summary>A model's parameter count by part ("encoder blocks", "output MLPs"), in build order.</summary>
public sealed record ParameterParts(IReadOnlyList<(string Part, long Count)> Parts)
{
    public long Total => Parts.Sum(p => p.Count);

    /// <summary>The count of the named part (0 when the model has none).</summary>
    public long this[string part] => Parts.Where(p => p.Part == part).Sum(p => p.Count);
}

/// <summary>
/// How many parameters the attention and MLP models hold, counted from their settings alone (no
/// module is built): what a size the thesis states can be compared with, e.g. whether N blocks at
/// its d_model fit in it. Each count follows the module's constructor; the tests hold them to the
/// TorchSharp modules' parameters().
/// </summary>
public static class ParameterCounts
{
    public const string Embedders = "embedders";
    public const string GlobalTokens = "global tokens";
    public const string EncoderBlocks = "encoder blocks";
    public const string Bottleneck = "bottleneck";
    public const string DecoderInput = "decoder input";
    public const string DecoderBlocks = "decoder blocks";
    public const string OutputMlps = "output MLPs";
    public const string Head = "head";
    public const string EncoderLayers = "encoder layers";
    public const string DecoderLayers = "decoder layers";

    public static long Linear(long inputs, long outputs) => inputs * outputs + outputs;

    public static long LayerNorm(long d) => 2 * d;

    /// <summary><see cref="SelfAttention"/>: the qkv and output projections; heads split d_model and add nothing.</summary>
    public static long Attention(long d) => Linear(d, 3 * d) + Linear(d, d);

    /// <summary><see cref="TransformerBlock"/>: attention, two LayerNorms and the feed-forward d -> width -> d.</summary>
    public static long Block(long d, long feedForward) => Attention(d) + 2 * LayerNorm(d) + Linear(d, feedForward) + Linear(feedForward, d);

    /// <summary><see cref="TransformerStack"/>: the blocks and, pre-norm, a final LayerNorm.</summary>
    public static long Stack(int blocks, long d, long feedForward, bool preNorm) => blocks * Block(d, feedForward) + (preNorm ? LayerNorm(d) : 0);

    /// <summary><see cref="AttnAe1"/> on tokens of the given lengths (one embedder, output MLP and neck projection per token).</summary>
    public static ParameterParts AttnAe1(AttnAe1Config c, IReadOnlyList<int> tokenLengths)
    {
        long t = tokenLengths.Count, l = tokenLengths.Max(), d = c.DModel, ff = c.MlpRatio * d;
        var hidden = c.OutputHidden > 0 ? c.OutputHidden : d;
        return new(
        [
            (Embedders, t * Linear(l, d)),
            (EncoderBlocks, Stack(c.Blocks, d, ff, c.PreNorm)),
            (Bottleneck, Linear(t * d, c.Latent)),
            (DecoderInput, t * Linear(c.Latent, d)),
            (DecoderBlocks, Stack(c.Blocks, d, ff, c.PreNorm)),
            (OutputMlps, t * (Linear(d, hidden) + Linear(hidden, l))),
        ]);
    }

    /// <summary><see cref="AttnEnc2"/>: one embedder per token type (its slots), the L_k global tokens, the blocks, the bottleneck.</summary>
    public static ParameterParts AttnEnc2(AttnAe2Config c, IReadOnlyList<int> typeLengths)
    {
        long d = c.DModel;
        var lengths = c.TypeLengths ?? typeLengths;
        return new(
        [
            (Embedders, lengths.Sum(n => Linear(n, d))),
            (GlobalTokens, c.GlobalTokens * d),
            (EncoderBlocks, Stack(c.Blocks, d, c.MlpRatio * d, c.PreNorm)),
            (Bottleneck, Linear(c.GlobalTokens * d, c.Latent)),
        ]);
    }

    /// <summary><see cref="AttnAe2"/>: its encoder, the neck's projections to the global tokens and the queries, the blocks, one output MLP per type.</summary>
    public static ParameterParts AttnAe2(AttnAe2Config c, IReadOnlyList<int> typeLengths)
    {
        long d = c.DModel;
        var hidden = c.OutputHidden > 0 ? c.OutputHidden : d;
        var lengths = c.TypeLengths ?? typeLengths;
        return new(
        [
            .. AttnEnc2(c, typeLengths).Parts,
            (DecoderInput, Linear(c.Latent, c.GlobalTokens * d) + Linear(c.Latent, d)),
            (DecoderBlocks, Stack(c.Blocks, d, c.MlpRatio * d, c.PreNorm)),
            (OutputMlps, lengths.Sum(n => Linear(d, hidden) + Linear(hidden, n))),
        ]);
    }

    /// <summary><see cref="AttnPred"/>: the encoder and a linear head (an input scaling holds buffers, not parameters).</summary>
    public static ParameterParts AttnPred(ParameterParts encoder, int latent, int outputs) =>
        new([.. encoder.Parts, (Head, Linear(latent, outputs))]);

    /// <summary><see cref="MlpAutoEncoder"/> on flat vectors of <paramref name="parameterCount"/> weights: widths P, hidden..., latent and back.</summary>
    public static ParameterParts MlpAutoEncoder(MlpAutoEncoderConfig c, int parameterCount)
    {
        var widths = new List<int> { parameterCount };
        widths.AddRange(c.HiddenOrDefault);
        widths.Add(c.Latent);
        long Chain(IReadOnlyList<int> w) => Enumerable.Range(0, w.Count - 1).Sum(i => Linear(w[i], w[i + 1]));
        return new([(EncoderLayers, Chain(widths)), (DecoderLayers, Chain(widths.AsEnumerable().Reverse().ToList()))]);
    }
}
