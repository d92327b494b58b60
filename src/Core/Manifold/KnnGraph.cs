namespace WeightSpace.Core.Manifold;

/// <summary>
/// The k nearest neighbours of every point, nearest first, the point itself at position 0:
/// <see cref="Indices"/> and <see cref="Distances"/> are (points, K) row-major.
/// </summary>
public sealed record KnnGraph(int Points, int K, int[] Indices, float[] Distances)
{
    public ReadOnlySpan<int> IndicesOf(int point) => Indices.AsSpan(point * K, K);
    public ReadOnlySpan<float> DistancesOf(int point) => Distances.AsSpan(point * K, K);

    /// <summary>Fraction of the true neighbours (self excluded) that this graph found: the recall of an approximate graph.</summary>
    public double RecallAgainst(KnnGraph exact)
    {
        if (exact.Points != Points || exact.K != K) throw new ArgumentException("graphs of different shapes");
        long hits = 0;
        var mark = new HashSet<int>();
        for (var i = 0; i < Points; i++)
        {
            mark.Clear();
            foreach (var j in exact.IndicesOf(i)[1..]) mark.Add(j);
            foreach (var j in IndicesOf(i)[1..]) if (mark.Contains(j)) hits++;
        }
        return (double)hits / ((long)Points * (K - 1));
    }
}
