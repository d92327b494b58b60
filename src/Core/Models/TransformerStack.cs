using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// N <see cref="TransformerBlock"/>s applied in turn, plus a final LayerNorm when the blocks are
/// pre-norm (their residual stream is otherwise never normalised).
/// </summary>
public sealed class TransformerStack : Module<Tensor, Tensor>
{
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly Module<Tensor, Tensor> finalNorm;

    public TransformerStack(int count, int dModel, int heads, int mlpHidden, double dropout, bool preNorm, Nonlinearity activation)
        : base(nameof(TransformerStack))
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a transformer needs at least one block");
        blocks = nn.ModuleList(Enumerable.Range(0, count)
            .Select(_ => new TransformerBlock(dModel, heads, mlpHidden, dropout, preNorm, activation)).ToArray());
        finalNorm = preNorm ? nn.LayerNorm(dModel) : nn.Identity();
        RegisterComponents();
    }

    public IReadOnlyList<TransformerBlock> Blocks => blocks.ToList();

    /// <summary>Switches attention-map keeping on or off in every block.</summary>
    public bool KeepAttention
    {
        get => blocks.All(b => b.Attention.KeepAttention);
        set { foreach (var b in blocks) b.Attention.KeepAttention = value; }
    }

    /// <summary>The last kept maps, one (B, heads, T, T) tensor per block (null before a kept forward).</summary>
    public IReadOnlyList<Tensor?> LastAttention => blocks.Select(b => b.Attention.LastAttention).ToList();

    public override Tensor forward(Tensor x) // (B, T, d) -> (B, T, d)
    {
        foreach (var block in blocks) x = block.forward(x);
        return finalNorm.forward(x);
    }
}
