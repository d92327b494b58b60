using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// One model's optimizer and its state, with Keras (TF 2) semantics: SGD without momentum; Adam
/// β1 0.9, β2 0.999, ε 1e-7 with the bias correction folded into the step size; RMSProp ρ 0.9,
/// ε 1e-7 added to sqrt(v), no momentum. Plain single-precision loops over the model's weights:
/// each model owns one, so a model steps the same alone or in a block, on any thread.
/// </summary>
public sealed class KerasOptimizer
{
    public static readonly string[] Names = ["sgd", "adam", "rmsprop"];
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Rho = 0.9f, Epsilon = 1e-7f;

    private readonly int _rule; // index into Names
    private readonly float _learningRate;
    private readonly float[] _m, _v; // Adam's moments; RMSProp's mean square in _v
    private double _beta1Power = 1, _beta2Power = 1; // β^t by repeated products (Math.Pow is the C library's: not the same bits everywhere)

    public KerasOptimizer(string name, double learningRate, int size)
    {
        _rule = Array.IndexOf(Names, name);
        if (_rule < 0) throw new ArgumentException($"unknown optimizer '{name}'; expected one of {string.Join(", ", Names)}");
        _learningRate = (float)learningRate;
        _m = _rule == 1 ? new float[size] : [];
        _v = _rule == 0 ? [] : new float[size];
    }

    private static Vector256<float> V(ReadOnlySpan<float> s, int at) => Vector256.Create(s[at..]);

    /// <summary>One step in place on <paramref name="weights"/>.</summary>
    public void Step(Span<float> weights, ReadOnlySpan<float> gradient)
    {
        if (weights.Length != gradient.Length || (_rule != 0 && weights.Length != _v.Length))
            throw new ArgumentException($"{weights.Length} weights, {gradient.Length} gradients, optimizer state for {_v.Length}");
        // Eight weights at a time, then the tail one by one: the same operations per weight either way.
        var i = 0;
        switch (_rule)
        {
            case 0:
                var lr = Vector256.Create(_learningRate);
                for (; i + 8 <= weights.Length; i += 8)
                    (V(weights, i) - lr * V(gradient, i)).CopyTo(weights[i..]);
                for (; i < weights.Length; i++) weights[i] -= _learningRate * gradient[i];
                break;
            case 1:
                (_beta1Power, _beta2Power) = (_beta1Power * Beta1, _beta2Power * Beta2);
                var rate = (float)(_learningRate * Math.Sqrt(1 - _beta2Power) / (1 - _beta1Power));
                for (; i + 8 <= weights.Length; i += 8)
                {
                    var g = V(gradient, i);
                    var m = Vector256.Create(Beta1) * V(_m, i) + Vector256.Create(1 - Beta1) * g;
                    var v = Vector256.Create(Beta2) * V(_v, i) + Vector256.Create(1 - Beta2) * g * g;
                    m.CopyTo(_m.AsSpan(i));
                    v.CopyTo(_v.AsSpan(i));
                    (V(weights, i) - Vector256.Create(rate) * (m / (Vector256.Sqrt(v) + Vector256.Create(Epsilon)))).CopyTo(weights[i..]);
                }
                for (; i < weights.Length; i++)
                {
                    var g = gradient[i];
                    _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
                    _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
                    weights[i] -= rate * (_m[i] / (MathF.Sqrt(_v[i]) + Epsilon));
                }
                break;
            default:
                for (; i + 8 <= weights.Length; i += 8)
                {
                    var g = V(gradient, i);
                    var v = Vector256.Create(Rho) * V(_v, i) + Vector256.Create(1 - Rho) * g * g;
                    v.CopyTo(_v.AsSpan(i));
                    (V(weights, i) - Vector256.Create(_learningRate) * (g / (Vector256.Sqrt(v) + Vector256.Create(Epsilon)))).CopyTo(weights[i..]);
                }
                for (; i < weights.Length; i++)
                {
                    var g = gradient[i];
                    _v[i] = Rho * _v[i] + (1 - Rho) * g * g;
                    weights[i] -= _learningRate * (g / (MathF.Sqrt(_v[i]) + Epsilon));
                }
                break;
        }
    }
}
