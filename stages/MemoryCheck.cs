using System.Globalization;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// The memory a params section's transformers need to train, estimated from its sizes before
/// anything is allocated, against what this machine has: sizes that are each in range can still
/// multiply to tens of GB (batch x tokens x d_model x heads x blocks), and a run should stop at once
/// with the keys named, not an hour later in an allocation failure or the OOM killer.
/// </summary>
public static class MemoryCheck
{
    /// <summary>Bytes this process may use: the machine's memory, or the container's limit (GC's view of both).</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Bytes one training step of a transformer stack holds, roughly (float32): per block the
    /// activations kept for the backward pass, tokens x d_model x (8 + 2 x mlp_ratio) per sample
    /// (attention projections, residuals, norms, the MLP's hidden layer) plus heads x tokens^2 x 2
    /// (scores and softmax), all of it twice (their gradients). A lower bound rather than an upper
    /// one: only sizes that cannot fit are refused. Computed in double, so it cannot overflow.
    /// </summary>
    public static double TransformerBytes(int batch, int tokens, int dModel, int heads, int blocks, int mlpRatio) =>
        2.0 * sizeof(float) * blocks * (double)batch * ((double)tokens * dModel * (8 + 2 * mlpRatio) + 2.0 * heads * tokens * (double)tokens);

    /// <summary>Refuses (as a params mistake, exit 2) an estimate beyond <paramref name="available"/> bytes, naming the keys that drive it.</summary>
    /// <param name="keys">the params keys and their values, e.g. "cnn_attention.batch_size = 64, ...".</param>
    /// <exception cref="ParamsException">the estimate does not fit.</exception>
    public static void Require(double bytes, string keys, long? available = null)
    {
        var limit = available ?? Available;
        if (bytes > limit)
            throw new ParamsException($"params.json: {keys} need about {Gb(bytes)} of memory to train, more than the {Gb(limit)} available on this machine; lower them");
    }

    private static string Gb(double bytes) => (bytes / (1L << 30)).ToString(bytes >= 10L << 30 ? "F0" : "F1", CultureInfo.InvariantCulture) + " GB";

    /// <summary>The attention section's largest model on <paramref name="tokens"/> neuron tokens: AttnAE I/II and the predictors' encoder.</summary>
    public static void Require(AttentionParams a, int tokens, long? available = null)
    {
        var d = Math.Max(a.DModelCap, a.PredictorDModel);
        var blocks = 2 * Math.Max(a.PredictorBlocks, 2); // encoder and decoder; AttnAE I has up to 2 blocks
        Require(TransformerBytes(a.BatchSize, tokens + a.GlobalTokens, d, a.Heads, blocks, a.MlpRatio),
            $"attention.batch_size = {a.BatchSize}, d_model_cap = {a.DModelCap}, predictor_d_model = {a.PredictorDModel}, heads = {a.Heads}, "
            + $"predictor_blocks = {a.PredictorBlocks}, mlp_ratio = {a.MlpRatio}, global_tokens = {a.GlobalTokens} (x {tokens} tokens)", available);
    }

    /// <summary>The cnn_attention section's AttnPred and AttnAE II on <paramref name="tokens"/> neuron tokens.</summary>
    public static void Require(CnnAttentionParams a, int tokens, long? available = null)
    {
        var d = Math.Max(a.DModel, a.AeDModel);
        var blocks = Math.Max(a.Blocks, 2 * a.AeBlocks); // AttnPred's encoder; AttnAE II's encoder and decoder
        Require(TransformerBytes(a.BatchSize, tokens + a.GlobalTokens, d, a.Heads, blocks, a.MlpRatio),
            $"cnn_attention.batch_size = {a.BatchSize}, d_model = {a.DModel}, ae_d_model = {a.AeDModel}, heads = {a.Heads}, blocks = {a.Blocks}, "
            + $"ae_blocks = {a.AeBlocks}, mlp_ratio = {a.MlpRatio}, global_tokens = {a.GlobalTokens} (x {tokens} tokens)", available);
    }
}
