using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Torch;
using static TorchSharp.torch;

namespace WeightSpace.Core.Training;

/// <summary>
/// AdamW (and Adam with weight decay 0, and plain SGD) written against TorchSharp tensors with
/// every Scalar owned and kept alive until the native call that reads it has returned.
/// </summary>
/// <remarks>
/// Why not torch.optim: TorchSharp 0.107's optimizers pass temporary Scalars (from implicit
/// double conversions) to native code; a Scalar has a finalizer and is not tracked by dispose
/// scopes, so under GC pressure the finalizer can free it during the call. We saw it as a rare
/// "TORCH_CHECK(false)" in Scalar::toFloat inside addcmul_ (a freed Scalar's tag is garbage).
/// Here constants are fields and per-step values are `using` locals, so nothing is collectable
/// while native code uses it.
/// </remarks>
public sealed class AdamW : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _average;
    private readonly Tensor[] _averageOfSquares;
    private readonly double _beta1, _beta2, _weightDecay;
    private readonly Scalar _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsScalar;
    private long _step;

    /// <param name="weightDecay">decoupled weight decay (AdamW); 0 gives Adam.</param>
    public AdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _parameters = parameters.ToArray();
        LearningRate = learningRate;
        (_beta1, _beta2, _weightDecay) = (beta1, beta2, weightDecay);
        _beta1Scalar = beta1.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _beta2Scalar = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _epsScalar = eps.ToScalar();
        // Optimizer state lives as long as the optimizer, whatever dispose scope it was created in.
        _average = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _averageOfSquares = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The step size of the next <see cref="Step"/>; schedules set it before each step.</summary>
    public double LearningRate { get; set; }

    public void ZeroGrad() => Gradients.Zero(_parameters);

    public void Step()
    {
        _step++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, _step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, _step);
        using var decay = (1 - LearningRate * _weightDecay).ToScalar();
        using var sqrtCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            var p = _parameters[i];
            if (p.grad is not { } grad) continue; // e.g. an unused decoder
            if (_weightDecay != 0) p.mul_(decay);
            _average[i].mul_(_beta1Scalar).add_(grad, _oneMinusBeta1);
            _averageOfSquares[i].mul_(_beta2Scalar).addcmul_(grad, grad, _oneMinusBeta2);
            var denominator = _averageOfSquares[i].sqrt().div_(sqrtCorrection2).PlusInPlace(_epsScalar);
            p.addcdiv_(_average[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var t in _average.Concat(_averageOfSquares)) t.Dispose();
        foreach (var s in new[] { _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsScalar }) s.Dispose();
    }
}
