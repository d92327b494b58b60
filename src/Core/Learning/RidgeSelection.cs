
namespace WeightSpace.Core.Learning;

/// <summary>The model refitted with the chosen alpha, and every candidate's validation MSE.</summary>
public sealed record RidgeSelection(RidgeRegression Model, double Alpha, IReadOnlyList<ParameterScore> ValidationMse);
