namespace WeightSpace.Core.Zoo;

/// <summary>A layer: its kernel, its optional bias, and how many neurons (output units) it has.</summary>
/// <param name="Index">Position in network order (0 = first layer).</param>
/// <param name="FanIn">Incoming weights per neuron, bias excluded (conv: kh*kw*cin).</param>
public sealed record LayerInfo(int Index, string Name, LayoutEntry Kernel, LayoutEntry? Bias, int Units, int FanIn)
{
    /// <summary>Length of one neuronGroup token of this layer: incoming weights plus the bias.</summary>
    public int TokenLength => FanIn + (Bias is null ? 0 : 1);
}
