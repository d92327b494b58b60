namespace WeightSpace.Core.Manifold;

/// <summary>
/// Trustworthiness@k (Venna and Kaski 2001): how far the embedding's k nearest neighbours of each
/// point were from it in the original space. 1 when every embedded neighbour was among the k
/// original ones; penalty r − k for an intruder of original rank r:
/// T = 1 − 2 / (n k (2n − 3k − 1)) Σᵢ Σ_{j ∈ intruders(i)} (r(i, j) − k).
/// Ties in distance are broken by point index. O(n²) time: meant for a few thousand points.
/// </summary>
public static class Trustworthiness
{
    /// <param name="original">(points, dims) row-major.</param>
    /// <param name="embedded">(points, embeddedDims) row-major.</param>
    public static double Compute(float[] original, int dims, float[] embedded, int embeddedDims, int points, int k)
    {
        if (original.Length != (long)points * dims || embedded.Length != (long)points * embeddedDims)
            throw new ArgumentException("array lengths do not match the point count");
        if (k < 1 || k >= points / 2.0) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at least 1 and below half of the {points} points");
        var penalty = 0L;
        Parallel.For(0, points, () => 0L, (i, _, sum) =>
        {
            var inEmbedding = Nearest(embedded, embeddedDims, points, i, k);
            var originalDistance = new float[points];
            for (var j = 0; j < points; j++)
                originalDistance[j] = Euclidean.SquaredDistance(original.AsSpan(i * dims, dims), original.AsSpan(j * dims, dims));
            foreach (var j in inEmbedding)
            {
                // Rank of j among the other points by original distance (1 = nearest).
                var rank = 1;
                for (var m = 0; m < points; m++)
                    if (m != i && (originalDistance[m] < originalDistance[j] || (originalDistance[m] == originalDistance[j] && m < j))) rank++;
                if (rank > k) sum += rank - k;
            }
            return sum;
        }, sum => Interlocked.Add(ref penalty, sum));
        return 1.0 - 2.0 / ((double)points * k * (2.0 * points - 3.0 * k - 1.0)) * penalty;
    }

    /// <summary>The k nearest other points of point i (ties by index).</summary>
    private static int[] Nearest(float[] data, int dims, int points, int i, int k)
    {
        var distance = new float[points];
        var order = new int[points];
        for (var j = 0; j < points; j++)
        {
            distance[j] = j == i ? float.PositiveInfinity : Euclidean.SquaredDistance(data.AsSpan(i * dims, dims), data.AsSpan(j * dims, dims));
            order[j] = j;
        }
        Array.Sort(distance, order); // introsort is unstable: resolve ties by index among the first k below
        var cut = distance[k - 1];
        return order.Where((j, at) => distance[at] < cut).Concat(order.Where((j, at) => distance[at] == cut).Order())
            .Take(k).ToArray();
    }
}
