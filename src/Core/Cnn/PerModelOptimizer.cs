using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// SGD, Adam and RMSProp side by side, each model (dimension 0 of every parameter) with its own
/// optimizer and learning rate. All three rules are evaluated for every model and masked per
/// model: the parameters are tiny (4,970 per model) next to the convolutions, and elementwise
/// rules never mix models, so a model steps exactly as it would alone.
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
    private readonly Tensor _learningRate, _isSgd, _isAdam, _isRms; // (M)
    private readonly Scalar _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _rho, _oneMinusRho, _epsilon;
    private long _step;

    public PerModelOptimizer(IEnumerable<Parameter> parameters, IReadOnlyList<string> optimizers, IReadOnlyList<double> learningRates)
    {
        _parameters = parameters.ToArray();
        foreach (var o in optimizers)
            if (!Names.Contains(o)) throw new ArgumentException($"unknown optimizer '{o}'; expected one of {string.Join(", ", Names)}");
        Tensor Mask(string name) => tensor(optimizers.Select(o => o == name ? 1f : 0f).ToArray()).DetachFromDisposeScope();
        (_isSgd, _isAdam, _isRms) = (Mask("sgd"), Mask("adam"), Mask("rmsprop"));
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
            Tensor PerModel(Tensor t) => t.view(perModel); // (M) -> (M, 1, ...)

            _adamM[i].mul_(_beta1).add_(g, _oneMinusBeta1);
            _adamV[i].mul_(_beta2).addcmul_(g, g, _oneMinusBeta2);
            _rmsV[i].mul_(_rho).addcmul_(g, g, _oneMinusRho);
            var adam = _adamM[i].div(_adamV[i].sqrt().add_(_epsilon)).mul_(adamScale);
            var rms = g.div(_rmsV[i].sqrt().add_(_epsilon));
            var update = g.mul(PerModel(_isSgd)).add_(adam.mul_(PerModel(_isAdam))).add_(rms.mul_(PerModel(_isRms)));
            p.sub_(update.mul_(PerModel(_learningRate)));
        }
    }

    public void Dispose()
    {
        foreach (var t in _adamM.Concat(_adamV).Concat(_rmsV).Concat([_learningRate, _isSgd, _isAdam, _isRms])) t.Dispose();
        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _rho, _oneMinusRho, _epsilon }) s.Dispose();
    }
}
