
namespace WeightSpace.Core.Learning;

/// <summary>The model refitted with the chosen C, and every candidate's validation macro F1.</summary>
public sealed record LogisticSelection(LogisticRegression Model, double C, IReadOnlyList<ParameterScore> ValidationMacroF1);
