using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Features;

/// <summary>Names of <see cref="StatisticScope"/> values as written in params: global, layer, neuronGroup, layerKernelBias.</summary>
public static class StatisticScopes
{
    /// <summary>Parses a scope name, case-insensitively.</summary>
    /// <exception cref="FormatException">names the unknown scope and lists the valid ones.</exception>
    public static StatisticScope Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "global" => StatisticScope.Global,
        "layer" => StatisticScope.Layer,
        "neurongroup" => StatisticScope.NeuronGroup,
        "layerkernelbias" => StatisticScope.LayerKernelBias,
        _ => throw new FormatException($"unknown statistic scope '{name}': expected global, layer, neuronGroup or layerKernelBias"),
    };
}
