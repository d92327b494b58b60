using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using WeightSpace.Core.Training;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// SGD, Adam and RMSProp side by side, each model (dimension 0 of every parameter) with its own
/// optimizer and learning rate. Each run of consecutive models sharing an optimizer is updated by
/// that rule alone, on row views of the parameter, its gradient and its state: elementwise rules
/// never mix models, so a model steps exactly as it would alone, and a caller that orders its
/// models by optimizer pays a few ops per rule per step whatever the model count.
/// Keras (TF 2) semantics: SGD without momentum; Adam β1 0.9, β2 0.999, ε 1e-7 with the bias
/// correction folded into the step size; RMSProp ρ 0.9, ε 1e-7 added to sqrt(v), no momentum.
/// Every Scalar is owned (see Training.AdamW for the TorchSharp finalizer bug).
/// </summary>
public sealed class PerModelOptimizer : IDisposable
{
    public static readonly string[] Names = ["sgd", "adam", "rmsprop"];
    private const double Beta1 = 0.9, Beta2 = 0.999, Rho = 0.9, Epsilon = 1e-7;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _adamM, _adamV, _rmsV;
    private readonly Tensor _learningRate; // (M)
    private readonly (int Rule, int Start, int Length)[] _runs; // consecutive models sharing a rule (index into Names)
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _rho, _oneMinusRho, _epsilon;
    private long _step;

    public PerModelOptimizer(IEnumerable<Parameter> parameters, IReadOnlyList<string> optimizers, IReadOnlyList<double> learningRates)
    {
        _parameters = parameters.ToArray();
        foreach (var o in optimizers)
            if (!Names.Contains(o)) throw new ArgumentException($"unknown optimizer '{o}'; expected one of {string.Join(", ", Names)}");
        var runs = new List<(int Rule, int Start, int Length)>();
        for (var k = 0; k < optimizers.Count; k++)
        {
            var rule = Array.IndexOf(Names, optimizers[k]);
            if (runs.Count > 0 && runs[^1].Rule == rule) runs[^1] = runs[^1] with { Length = runs[^1].Length + 1 };
            else runs.Add((rule, k, 1));
        }
        _runs = [.. runs];
        _learningRate = tensor(learningRates.Select(l => (float)l).ToArray()).DetachFromDisposeScope();
        _adamM = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _adamV = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _rmsV = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        (_beta1, _oneMinusBeta1) = (Beta1.ToScalar(), (1 - Beta1).ToScalar());
        (_beta2, _oneMinusBeta2) = (Beta2.ToScalar(), (1 - Beta2).ToScalar());
        (_rho, _oneMinusRho) = (Rho.ToScalar(), (1 - Rho).ToScalar());
        _epsilon = Epsilon.ToScalar();
    }

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters) p.grad?.zero_();
    }

    public void Step()
    {
        _step++;
        using var adamScale = (Math.Sqrt(1 - Math.Pow(Beta2, _step)) / (1 - Math.Pow(Beta1, _step))).ToScalar();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            var p = _parameters[i];
            if (p.grad is not { } g) continue;
            var perModel = new long[p.dim()];
            Array.Fill(perModel, 1L);
            perModel[0] = -1;
            foreach (var (rule, start, length) in _runs)
            {
                Tensor Rows(Tensor t) => t.narrow(0, start, length);
                var (w, grad, rate) = (Rows(p), Rows(g), Rows(_learningRate).view(perModel)); // rate (run, 1, ...)
                switch (rule)
                {
                    case 0: // sgd
                        w.sub_(grad.mul(rate));
                        break;
                    case 1: // adam
                        var (m, v) = (Rows(_adamM[i]), Rows(_adamV[i]));
                        m.mul_(_beta1).add_(grad, _oneMinusBeta1);
                        v.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
                        w.sub_(m.div(v.sqrt().PlusInPlace(_epsilon)).mul_(adamScale).mul_(rate));
                        break;
                    default: // rmsprop
                        var r = Rows(_rmsV[i]);
                        r.mul_(_rho).addcmul_(grad, grad, _oneMinusRho);
                        w.sub_(grad.div(r.sqrt().PlusInPlace(_epsilon)).mul_(rate));
                        break;
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in _adamM.Concat(_adamV).Concat(_rmsV).Append(_learningRate)) t.Dispose();
        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _rho, _oneMinusRho, _epsilon }) s.Dispose();
    }
}
