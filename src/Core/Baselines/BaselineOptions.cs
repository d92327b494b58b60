using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;


namespace WeightSpace.Core.Baselines;

/// <summary>Regularization grids and bookkeeping for the baselines.</summary>
/// <param name="Alphas">Ridge penalties tried; the best on the validation models is kept.</param>
/// <param name="Cs">Inverse penalties of the logistic classifier tried on validation macro F1.</param>
/// <param name="MaxTrainRows">Cap on training checkpoints for the classifiers (a seeded subsample); 0 = all.</param>
public sealed record BaselineOptions(IReadOnlyList<double> Alphas, IReadOnlyList<double> Cs, int MaxTrainRows, int Seed, string Stage);
