namespace WeightSpace.Core.Zoo;

/// <summary>
/// One neuron's incoming weights (then its bias) as indices into the flat vector. For conv
/// layers the order is OIHW (PyTorch order), i.e. the HWIO -> OIHW transpose is already applied.
/// </summary>
public sealed record NeuronGroup(int Layer, int Unit, int[] Indices);
