using TorchSharp;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// A <see cref="TokenScheme"/> applied to tensors: index tensors that cut flat weight vectors
/// (B, P) into token slots and put token outputs back, so models take and return flat vectors and
/// stay differentiable end to end. Tokens keep their own slot counts (AttnAE II: one per type) or
/// are padded to a common one (AttnAE I); <see cref="ToTokens"/> and <see cref="ToFlat"/> need a
/// common count.
/// </summary>
/// <remarks>
/// Gathering reads from the flat vector with one zero column appended (index P), which stands for
/// every padded slot. Scattering is a gather too: the scheme puts each weight in exactly one token
/// slot, so the inverse map P -> slot is a plain index and padded slots are simply never read.
/// Not a module: the indices depend on the layout, not on training, and stay out of state dicts.
/// </remarks>
public sealed class TokenGather : IDisposable
{
    private readonly Tensor _gather;  // (S) flat index per token slot, P for padding
    private readonly Tensor _scatter; // (P) token slot per flat index

    /// <param name="slotsPerToken">pad every token with zeros to this many slots; null keeps each token's own length.</param>
    public TokenGather(TokenScheme scheme, int? slotsPerToken = null)
    {
        if (slotsPerToken < scheme.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(slotsPerToken), slotsPerToken, $"scheme '{scheme.Name}' has tokens of {scheme.MaxLength} values");
        ParameterCount = scheme.ParameterCount;
        Tokens = scheme.Count;
        var lengths = Enumerable.Range(0, Tokens).Select(t => slotsPerToken ?? scheme.Length(t)).ToArray();
        SlotCount = lengths.Sum();
        SlotsPerToken = lengths.All(l => l == lengths[0]) ? lengths[0] : 0;
        var gather = new long[SlotCount];
        var scatter = new long[ParameterCount];
        var slot = 0;
        for (var t = 0; t < Tokens; t++)
        {
            var indices = scheme.Indices(t);
            for (var j = 0; j < lengths[t]; j++, slot++)
            {
                var i = j < indices.Count ? indices[j] : TokenScheme.Padding;
                gather[slot] = i == TokenScheme.Padding ? ParameterCount : i;
                if (i != TokenScheme.Padding) scatter[i] = slot; // the scheme checked: each weight in exactly one slot
            }
        }
        _gather = tensor(gather).DetachFromDisposeScope();
        _scatter = tensor(scatter).DetachFromDisposeScope();
    }

    public int ParameterCount { get; }
    public int Tokens { get; }
    /// <summary>The common slot count of every token, 0 if tokens differ.</summary>
    public int SlotsPerToken { get; }

    /// <summary>All slots of all tokens.</summary>
    public int SlotCount { get; }

    /// <summary>(B, P) -> (B, S): every slot's value, token by token, padded slots zero.</summary>
    public Tensor Gather(Tensor flat)
    {
        if (flat.dim() != 2 || flat.shape[1] != ParameterCount)
            throw new ArgumentException($"expected flat weights (B, {ParameterCount}), got ({string.Join(", ", flat.shape)})", nameof(flat));
        var padded = cat([flat, zeros(flat.shape[0], 1, dtype: flat.dtype, device: flat.device)], 1); // (B, P + 1)
        return padded.index_select(1, _gather.to(flat.device));
    }

    /// <summary>(B, S) -> (B, P); padded slots are dropped.</summary>
    public Tensor Scatter(Tensor slots) => slots.index_select(1, _scatter.to(slots.device));

    /// <summary>(B, P) -> (B, T, L) when all tokens have L slots.</summary>
    public Tensor ToTokens(Tensor flat) => Gather(flat).view(flat.shape[0], Tokens, Uniform());

    /// <summary>(B, T, L) -> (B, P) when all tokens have L slots.</summary>
    public Tensor ToFlat(Tensor tokens) => Scatter(tokens.reshape(tokens.shape[0], Tokens * Uniform()));

    private int Uniform() => SlotsPerToken > 0
        ? SlotsPerToken
        : throw new InvalidOperationException("tokens differ in slot count; use Gather/Scatter");

    public void Dispose()
    {
        _gather.Dispose();
        _scatter.Dispose();
    }
}
