namespace WeightSpace.Tests.Manifold;

/// <summary>Isotropic Gaussian clusters (centres uniform in [-10, 10]^dims) with their labels, for the UMAP tests.</summary>
internal static class Blobs
{
    public static (float[] Data, int[] Labels) Make(int points, int dims, int centers, double std, int seed)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var centres = Enumerable.Range(0, centers * dims).Select(_ => rng.NextDouble() * 20 - 10).ToArray();
        var data = new float[points * dims];
        var labels = new int[points];
        for (var i = 0; i < points; i++)
        {
            labels[i] = i % centers;
            for (var j = 0; j < dims; j++) data[i * dims + j] = (float)(centres[labels[i] * dims + j] + std * Gaussian());
        }
        return (data, labels);
    }
}
