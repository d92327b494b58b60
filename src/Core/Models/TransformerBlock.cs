using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using WeightSpace.Core.Torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// One transformer encoder block on (B, T, d): self-attention and a two-layer MLP, each with a
/// residual connection. Pre-norm (x + f(norm(x))) trains more stably when blocks are stacked
/// deep; post-norm (norm(x + f(x))) is the original Transformer, as the thesis used.
/// </summary>
public sealed class TransformerBlock : Module<Tensor, Tensor>
{
    private readonly SelfAttention attention;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Module<Tensor, Tensor> act;
    private readonly Dropout dropout;
    private readonly bool _preNorm;

    /// <param name="mlpHidden">width of the block's MLP (commonly 4 x d_model).</param>
    public TransformerBlock(int dModel, int heads, int mlpHidden, double dropout = 0.0, bool preNorm = true, Nonlinearity activation = Nonlinearity.Gelu)
        : base(nameof(TransformerBlock))
    {
        _preNorm = preNorm;
        attention = new SelfAttention(dModel, heads, dropout);
        norm1 = nn.LayerNorm(dModel);
        norm2 = nn.LayerNorm(dModel);
        fc1 = nn.Linear(dModel, mlpHidden);
        fc2 = nn.Linear(mlpHidden, dModel);
        act = Activations.Create(activation);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>The block's attention, e.g. to switch <see cref="SelfAttention.KeepAttention"/> on.</summary>
    public SelfAttention Attention => attention;

    public override Tensor forward(Tensor x) // (B, T, d) -> (B, T, d)
    {
        if (_preNorm)
        {
            x = x.Plus(dropout.forward(attention.forward(norm1.forward(x))));
            return x.Plus(Mlp(norm2.forward(x)));
        }
        x = norm1.forward(x.Plus(dropout.forward(attention.forward(x))));
        return norm2.forward(x.Plus(Mlp(x)));
    }

    private Tensor Mlp(Tensor x) => dropout.forward(fc2.forward(act.forward(fc1.forward(x))));
}
