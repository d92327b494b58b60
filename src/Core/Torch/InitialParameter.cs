using static TorchSharp.torch;
using TorchSharp.Modules;

namespace WeightSpace.Core.Torch;

/// <summary>
/// A Parameter made from an initial value computed inside a dispose scope. Outside a scope, a
/// temporary of an expression such as <c>randn(n, d).mul_(s)</c> is referenced by nothing once
/// libtorch has its handle, so its finalizer may free it mid-call (see Trainer.CopyState); in a
/// scope it lives until the scope ends. The Parameter itself leaves the scope. Scalars are not
/// tracked by scopes: the value should use owned ones.
/// </summary>
public static class InitialParameter
{
    public static Parameter From(Func<Tensor> value)
    {
        using var scope = NewDisposeScope();
        var parameter = new Parameter(value());
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
