using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>
/// Multi-head scaled dot-product self-attention, batch-first (B, T, d). Hand-written rather than
/// <c>nn.MultiheadAttention</c> because that one only returns head-averaged weights and the
/// attention-map study (thesis §4.2.4) needs one map per head.
/// </summary>
public sealed class SelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly Dropout attnDropout;
    private readonly int _heads;
    private readonly int _headSize;
    private readonly Scalar _scale; // 1/sqrt(head size), owned: a temporary Scalar could be finalized mid-call
    private Tensor? _lastAttention;

    public SelfAttention(int dModel, int heads, double dropout = 0.0) : base(nameof(SelfAttention))
    {
        if (heads < 1 || dModel % heads != 0)
            throw new ArgumentException($"d_model {dModel} is not divisible by {heads} heads", nameof(heads));
        _heads = heads;
        _headSize = dModel / heads;
        _scale = (1.0 / Math.Sqrt(_headSize)).ToScalar();
        qkv = nn.Linear(dModel, 3 * dModel);
        proj = nn.Linear(dModel, dModel);
        attnDropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>When true, each forward keeps a detached copy of the attention maps in <see cref="LastAttention"/>.</summary>
    public bool KeepAttention { get; set; }

    /// <summary>
    /// The per-head attention maps of the last forward with <see cref="KeepAttention"/> on:
    /// (B, heads, T, T), each row a softmax (sums to 1), before dropout. Owned by this module
    /// (no dispose scope holds it): replaced on the next kept forward, freed with the module.
    /// </summary>
    public Tensor? LastAttention => _lastAttention;

    public override Tensor forward(Tensor x)
    {
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        // (B, T, 3d) -> three (B, heads, T, headSize)
        var parts = qkv.forward(x).view(b, t, 3, _heads, _headSize).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var scores = matmul(q, k.transpose(-2, -1)).mul_(_scale); // (B, heads, T, T)
        var attention = scores.softmax(-1);
        if (KeepAttention)
        {
            _lastAttention?.Dispose();
            _lastAttention = attention.detach().clone().DetachFromDisposeScope();
        }
        var y = matmul(attnDropout.forward(attention), v); // (B, heads, T, headSize)
        y = y.transpose(1, 2).contiguous().view(b, t, d);   // (B, T, d)
        return proj.forward(y);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lastAttention?.Dispose();
            _lastAttention = null;
        }
        base.Dispose(disposing);
    }
}
