
namespace WeightSpace.Core.Learning;

/// <summary>Validation score of one candidate regularisation strength.</summary>
public sealed record ParameterScore(double Parameter, double Score);
