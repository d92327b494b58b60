
namespace WeightSpace.Core.Learning;

/// <summary>Stopping rules of the L-BFGS optimiser used by <see cref="LogisticRegression"/>.</summary>
/// <param name="MaxIterations">Hard iteration budget; the fit stops there even if not converged.</param>
/// <param name="GradientTolerance">Converged when every gradient entry is at most this in magnitude.</param>
/// <param name="FunctionTolerance">Converged when an iteration lowers the objective by at most this, relative.</param>
/// <param name="Memory">Number of correction pairs L-BFGS keeps.</param>
public sealed record LogisticOptions(int MaxIterations = 500, double GradientTolerance = 1e-6, double FunctionTolerance = 1e-10, int Memory = 10)
{
    public static LogisticOptions Default { get; } = new();
}
