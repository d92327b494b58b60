using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

/// <summary>
/// A plain reference forward pass of a fully connected model stored as a flat weight vector
/// (TensorFlow (in, out) kernels, optional biases): hidden layers get the activation, the last
/// layer returns logits. Meant for tests and small checks, not for training.
/// </summary>
public static class FcnForward
{
    /// <summary>Logits for one input.</summary>
    public static float[] Logits(WeightLayout layout, ReadOnlySpan<float> row, ReadOnlySpan<float> input, Activation activation)
    {
        if (row.Length != layout.ParameterCount)
            throw new ArgumentException($"row has {row.Length} weights; the layout has {layout.ParameterCount}", nameof(row));
        var x = input.ToArray();
        foreach (var layer in layout.Layers)
        {
            var k = layer.Kernel;
            if (k.Shape.Count != 2)
                throw new LayoutException($"'{k.VarName}' has shape ({string.Join(", ", k.Shape)}); FcnForward needs dense (in, out) kernels");
            int fanIn = k.Shape[0], units = k.Shape[1];
            if (x.Length != fanIn)
                throw new ArgumentException($"layer '{layer.Name}' takes {fanIn} inputs but gets {x.Length}", nameof(input));
            var y = new float[units];
            for (var o = 0; o < units; o++)
            {
                // Accumulate in double so two mathematically equal models agree to rounding only.
                var sum = layer.Bias is { } b ? (double)row[b.Start + o] : 0.0;
                for (var i = 0; i < fanIn; i++) sum += (double)x[i] * row[k.Start + i * units + o];
                y[o] = (float)sum;
            }
            if (layer.Index < layout.Layers.Count - 1)
                for (var o = 0; o < units; o++)
                    y[o] = activation == Activation.Relu ? MathF.Max(0f, y[o]) : MathF.Tanh(y[o]);
            x = y;
        }
        return x;
    }
}
