using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// One model's optimizer and its state, with Keras (TF 2) semantics: SGD without momentum; Adam
/// β1 0.9, β2 0.999, ε 1e-7 with the bias correction folded into the step size; RMSProp ρ 0.9,
/// ε 1e-7 added to sqrt(v), no momentum. Single precision, eight weights at a time, each lane the
/// same multiplies, adds, square root and division a scalar loop would do: each model owns one,
/// so a model steps the same alone or in a block, on any thread and any vector width.
/// </summary>
public sealed class KerasOptimizer
{
    public static readonly string[] Names = ["sgd", "adam", "rmsprop"];
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Rho = 0.9f, Epsilon = 1e-7f;
    private const int Lanes = 8;

    private readonly int _rule; // index into Names
    private readonly int _size;
    private readonly float _learningRate;
    private readonly float[] _m, _v; // Adam's moments; RMSProp's mean square in _v; padded to whole vectors
    private double _beta1Power = 1, _beta2Power = 1; // β^t by repeated products (Math.Pow is the C library's: not the same bits everywhere)

    public KerasOptimizer(string name, double learningRate, int size)
    {
        _rule = Array.IndexOf(Names, name);
        if (_rule < 0) throw new ArgumentException($"unknown optimizer '{name}'; expected one of {string.Join(", ", Names)}");
        _size = size;
        _learningRate = (float)learningRate;
        var padded = (size + Lanes - 1) / Lanes * Lanes;
        _m = new float[padded];
        _v = new float[padded];
    }

    /// <summary>One step in place on <paramref name="weights"/>.</summary>
    public void Step(Span<float> weights, ReadOnlySpan<float> gradient)
    {
        if (weights.Length != _size || gradient.Length != _size)
            throw new ArgumentException($"{weights.Length} weights, {gradient.Length} gradients, optimizer state for {_size}");
        var rate = _learningRate;
        if (_rule == 1)
        {
            (_beta1Power, _beta2Power) = (_beta1Power * Beta1, _beta2Power * Beta2);
            rate = (float)(_learningRate * Math.Sqrt(1 - _beta2Power) / (1 - _beta1Power));
        }
        var i = 0;
        for (; i + Lanes <= _size; i += Lanes) Update(i, weights.Slice(i, Lanes), gradient.Slice(i, Lanes), rate);
        if (i == _size) return;
        // The last partial vector through zero-padded copies (zero gradients keep the padded state at zero).
        Span<float> w = stackalloc float[Lanes], g = stackalloc float[Lanes];
        weights[i..].CopyTo(w);
        gradient[i..].CopyTo(g);
        Update(i, w, g, rate);
        w[..(_size - i)].CopyTo(weights[i..]);
    }

    // Eight weights from `at`: the rule's update, in place on w and the state.
    private void Update(int at, Span<float> w, ReadOnlySpan<float> gradient, float rate)
    {
        var g = Vector256.Create(gradient);
        var step = _rule switch
        {
            0 => g,
            1 => AdamDirection(at, g),
            _ => RmsPropDirection(at, g),
        };
        (Vector256.Create((ReadOnlySpan<float>)w) - Vector256.Create(rate) * step).CopyTo(w);
    }

    private Vector256<float> AdamDirection(int at, Vector256<float> g)
    {
        var m = Vector256.Create(Beta1) * Vector256.Create(_m.AsSpan(at)) + Vector256.Create(1 - Beta1) * g;
        var v = Vector256.Create(Beta2) * Vector256.Create(_v.AsSpan(at)) + Vector256.Create(1 - Beta2) * g * g;
        m.CopyTo(_m.AsSpan(at));
        v.CopyTo(_v.AsSpan(at));
        return m / (Vector256.Sqrt(v) + Vector256.Create(Epsilon));
    }

    private Vector256<float> RmsPropDirection(int at, Vector256<float> g)
    {
        var v = Vector256.Create(Rho) * Vector256.Create(_v.AsSpan(at)) + Vector256.Create(1 - Rho) * g * g;
        v.CopyTo(_v.AsSpan(at));
        return g / (Vector256.Sqrt(v) + Vector256.Create(Epsilon));
    }
}
