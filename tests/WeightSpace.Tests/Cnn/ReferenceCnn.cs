using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Cnn;

/// <summary>
/// The Small CNN Zoo network evaluated with plain loops from a flat weight row and layout.csv
/// alone (variables looked up by their TensorFlow names, kernels read as HWIO and (in, out)).
/// Shares no code with the trainer: it checks the trainer's layout and its recorded accuracies.
/// </summary>
public sealed class ReferenceCnn(IReadOnlyList<LayoutEntry> layout, float[] row, bool relu)
{
    private float[] Var(string name)
    {
        var e = layout.Single(v => v.VarName == name);
        return row[e.Start..e.End];
    }

    public int Predict(ReadOnlySpan<float> image)
    {
        var h = new float[1, 28, 28];
        for (var r = 0; r < 28; r++)
            for (var c = 0; c < 28; c++)
                h[0, r, c] = image[r * 28 + c];
        foreach (var name in new[] { "sequential/conv2d", "sequential/conv2d_1", "sequential/conv2d_2" })
            h = Conv(h, Var($"{name}/kernel:0"), Var($"{name}/bias:0"));
        int side = h.GetLength(1), filters = h.GetLength(0);
        var pooled = new double[filters];
        for (var o = 0; o < filters; o++)
        {
            for (var r = 0; r < side; r++)
                for (var c = 0; c < side; c++)
                    pooled[o] += h[o, r, c];
            pooled[o] /= side * side;
        }
        var kernel = Var("sequential/dense/kernel:0");
        var bias = Var("sequential/dense/bias:0");
        var best = 0;
        var bestLogit = double.NegativeInfinity;
        for (var k = 0; k < 10; k++)
        {
            double logit = bias[k];
            for (var i = 0; i < filters; i++) logit += pooled[i] * kernel[i * 10 + k];
            if (logit > bestLogit) (best, bestLogit) = (k, logit);
        }
        return best;
    }

    // 3x3 stride-2 'valid' convolution with an HWIO kernel, then the activation.
    private float[,,] Conv(float[,,] input, float[] kernel, float[] bias)
    {
        int cin = input.GetLength(0), side = (input.GetLength(1) - 3) / 2 + 1, cout = bias.Length;
        var output = new float[cout, side, side];
        for (var o = 0; o < cout; o++)
            for (var i = 0; i < side; i++)
                for (var j = 0; j < side; j++)
                {
                    double sum = bias[o];
                    for (var kh = 0; kh < 3; kh++)
                        for (var kw = 0; kw < 3; kw++)
                            for (var c = 0; c < cin; c++)
                                sum += input[c, 2 * i + kh, 2 * j + kw] * kernel[((kh * 3 + kw) * cin + c) * cout + o];
                    output[o, i, j] = (float)(relu ? Math.Max(0, sum) : Math.Tanh(sum));
                }
        return output;
    }
}
