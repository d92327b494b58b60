using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Features;

/// <summary>Which weights one block of statistics summarises.</summary>
public enum StatisticScope
{
    /// <summary>All weights of the checkpoint at once. Feature names <c>global:{stat}</c>.</summary>
    Global,
    /// <summary>Per layer, kernel and bias together. Feature names <c>layer{i}:{stat}</c>.</summary>
    Layer,
    /// <summary>
    /// Per neuron group (one neuron's incoming weights and its bias), in the layout's
    /// <see cref="WeightLayout.NeuronGroups"/> order. Feature names <c>ng{k}:{stat}</c>, where k is
    /// the group's position in that list (layer by layer, unit by unit).
    /// </summary>
    NeuronGroup,
    /// <summary>
    /// Per layer with kernel and bias summarised separately (Unterthiner et al.'s features).
    /// Feature names <c>layer{i}.kernel:{stat}</c> then <c>layer{i}.bias:{stat}</c> (bias only if present).
    /// </summary>
    LayerKernelBias,
}
