using TorchSharp;
using WeightSpace.Core.Tokens;
using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// Index tensors that cut flat weight vectors (B, P) into token slots and put token outputs back,
/// so models take and return flat vectors and stay differentiable end to end. Tokens may differ in
/// slot count (AttnAE II: one length per type); <see cref="ToTokens"/> and <see cref="ToFlat"/>
/// need a common length.
/// </summary>
/// <remarks>
/// Gathering reads from the flat vector with one zero column appended (index P), which stands for
/// every padded slot. Scattering is a gather too: each weight appears in exactly one token slot,
/// so the inverse map P -> slot is a plain index and padded slots are simply never read.
/// Not a module: the indices depend on the layout, not on training, and stay out of state dicts.
/// </remarks>
public sealed class TokenGather : IDisposable
{
    private readonly Tensor _gather;  // (S) flat index per token slot, P for padding
    private readonly Tensor _scatter; // (P) token slot per flat index

    /// <param name="slots">per token, the flat index of each slot, <see cref="TokenScheme.Padding"/> for a zero; slots are numbered token by token.</param>
    public TokenGather(int parameterCount, IReadOnlyList<int[]> slots)
    {
        ParameterCount = parameterCount;
        Tokens = slots.Count;
        SlotCount = slots.Sum(s => s.Length);
        SlotsPerToken = slots.All(s => s.Length == slots[0].Length) ? slots[0].Length : 0;
        var gather = new long[SlotCount];
        var scatter = Enumerable.Repeat(-1L, parameterCount).ToArray();
        var slot = -1;
        for (var t = 0; t < Tokens; t++)
            for (var j = 0; j < slots[t].Length; j++)
            {
                var i = slots[t][j];
                slot++;
                gather[slot] = i == TokenScheme.Padding ? parameterCount : i;
                if (i == TokenScheme.Padding) continue;
                if (scatter[i] >= 0) throw new ArgumentException($"flat index {i} sits in two token slots", nameof(slots));
                scatter[i] = slot;
            }
        var missing = Array.IndexOf(scatter, -1L);
        if (missing >= 0) throw new ArgumentException($"flat index {missing} sits in no token slot", nameof(slots));
        _gather = tensor(gather).DetachFromDisposeScope();
        _scatter = tensor(scatter).DetachFromDisposeScope();
    }

    /// <summary>The scheme's own padded view: T = Count, L = MaxLength.</summary>
    public static TokenGather FromScheme(TokenScheme scheme) =>
        new(scheme.ParameterCount, Enumerable.Range(0, scheme.Count).Select(t =>
        {
            var slots = Enumerable.Repeat(TokenScheme.Padding, scheme.MaxLength).ToArray();
            scheme.Indices(t).ToArray().CopyTo(slots, 0);
            return slots;
        }).ToList());

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
