namespace WeightSpace.Core.Zoo;

/// <summary>One row of a zoo's layout.csv: where a variable lives in the flat weight vector.</summary>
/// <param name="VarName">TensorFlow variable name, e.g. <c>sequential/conv2d/kernel:0</c>.</param>
/// <param name="Start">First index in the flat vector (inclusive).</param>
/// <param name="End">One past the last index (exclusive).</param>
/// <param name="Shape">TensorFlow shape: conv kernels HWIO, dense kernels (in, out), biases (out).</param>
public sealed record LayoutEntry(string VarName, int Start, int End, IReadOnlyList<int> Shape)
{
    public int Size => End - Start;

    /// <summary>The layer the variable belongs to: the name up to the last '/'.</summary>
    public string Layer => VarName.LastIndexOf('/') is var i and > 0 ? VarName[..i] : VarName;

    public bool IsBias => VarName.Contains("bias", StringComparison.OrdinalIgnoreCase);
}
