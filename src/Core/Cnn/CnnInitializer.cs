using WeightSpace.Core.Learning;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// Keras' weight initializers for the Small CNN Zoo, drawn from the model's own Random so a model
/// starts the same alone or in a batch. Biases start at zero (config.b_init "zeros").
/// init_std scales RandomNormal and TruncatedNormal; GlorotNormal, HeNormal and Orthogonal are
/// Keras' parameter-free defaults (truncated normals with the variance-scaling std, gain 1).
/// </summary>
public static class CnnInitializer
{
    public static readonly string[] Names = ["RandomNormal", "TruncatedNormal", "GlorotNormal", "HeNormal", "Orthogonal"];

    /// <summary>std of N(0,1) truncated at ±2: Keras divides by it so the truncated draw keeps the target variance.</summary>
    private const double TruncatedStd = 0.87962566103423978;

    /// <summary>A flat 4,970-vector in the published layout (bias before kernel, HWIO).</summary>
    public static float[] Initial(CnnModelSpec model)
    {
        if (Array.IndexOf(Names, model.WInit) < 0)
            throw new ArgumentException($"unknown w_init '{model.WInit}'; expected one of {string.Join(", ", Names)}");
        var weights = new float[SmallCnn.ParameterCount];
        var random = new Random(model.Seed);
        foreach (var entry in SmallCnn.Entries.Where(e => !e.IsBias))
        {
            var shape = entry.Shape;
            // Keras fans: conv (kh, kw, in, out) -> receptive field x in / x out; dense (in, out).
            var receptive = shape.Count == 4 ? shape[0] * shape[1] : 1;
            int fanIn = receptive * shape[^2], fanOut = receptive * shape[^1];
            Fill(weights.AsSpan(entry.Start, entry.Size), fanIn, fanOut, shape[^1], model.WInit, model.InitStd, random);
        }
        return weights;
    }

    private static void Fill(Span<float> kernel, int fanIn, int fanOut, int units, string method, double initStd, Random random)
    {
        switch (method)
        {
            case "RandomNormal":
                for (var i = 0; i < kernel.Length; i++) kernel[i] = (float)(initStd * StandardNormal.Draw(random));
                break;
            case "TruncatedNormal":
                Truncated(kernel, initStd, random);
                break;
            case "GlorotNormal":
                Truncated(kernel, Math.Sqrt(2.0 / (fanIn + fanOut)) / TruncatedStd, random);
                break;
            case "HeNormal":
                Truncated(kernel, Math.Sqrt(2.0 / fanIn) / TruncatedStd, random);
                break;
            default:
                Orthogonal(kernel, kernel.Length / units, units, random);
                break;
        }
    }

    // N(0, std) redrawn outside ±2 std, as tf.random.truncated_normal.
    private static void Truncated(Span<float> kernel, double std, Random random)
    {
        for (var i = 0; i < kernel.Length; i++)
        {
            double z;
            do z = StandardNormal.Draw(random); while (Math.Abs(z) > 2);
            kernel[i] = (float)(std * z);
        }
    }

    /// <summary>
    /// Keras Orthogonal (gain 1) on the kernel flattened to (rows = everything but the last axis, cols):
    /// orthonormal columns (rows >= cols) or rows (rows &lt; cols) from Gram-Schmidt on a normal draw,
    /// which is the QR with a positive diagonal that Keras' sign correction produces.
    /// </summary>
    private static void Orthogonal(Span<float> kernel, int rows, int cols, Random random)
    {
        int n = Math.Max(rows, cols), k = Math.Min(rows, cols);
        var q = new double[k][]; // k orthonormal vectors of length n
        for (var j = 0; j < k; j++)
        {
            var v = new double[n];
            for (var i = 0; i < n; i++) v[i] = StandardNormal.Draw(random);
            for (var p = 0; p < j; p++)
            {
                var dot = 0.0;
                for (var i = 0; i < n; i++) dot += v[i] * q[p][i];
                for (var i = 0; i < n; i++) v[i] -= dot * q[p][i];
            }
            var norm = Math.Sqrt(v.Sum(x => x * x));
            for (var i = 0; i < n; i++) v[i] /= norm;
            q[j] = v;
        }
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                kernel[r * cols + c] = (float)(rows >= cols ? q[c][r] : q[r][c]);
    }
}
