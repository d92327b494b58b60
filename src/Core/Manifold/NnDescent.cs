namespace WeightSpace.Core.Manifold;

/// <summary>
/// Approximate k-NN by NN-descent (Dong, Moses and Li 2011): start from random neighbours and
/// repeatedly try the neighbours of neighbours (forward and reverse), keeping the k nearest.
/// Each round reads the previous round's lists and every point updates only its own list, so the
/// result does not depend on the thread count or on scheduling.
/// </summary>
public static class NnDescent
{
    /// <param name="data">(points, dims) row-major.</param>
    /// <param name="maxCandidates">Neighbours (forward and reverse, each) explored per point and round.</param>
    public static KnnGraph Compute(float[] data, int points, int dims, int k, int seed, int threads,
        int maxRounds = 12, int maxCandidates = 24, double stopFraction = 0.001)
    {
        if (data.Length != (long)points * dims) throw new ArgumentException($"data has {data.Length} values, not {points} x {dims}");
        if (k > points) throw new ArgumentOutOfRangeException(nameof(k), k, $"more neighbours than the {points} points");
        var m = k - 1; // the point itself is added at the end
        var index = new int[points * m];
        var dist = new float[points * m];
        var isNew = new bool[points * m];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };

        // Random start: m distinct other points per point, from a per-point stream of the seed.
        Parallel.For(0, points, parallel, i =>
        {
            var rng = new SplitMix(seed, 0x6E6E, i);
            var row = index.AsSpan(i * m, m);
            var d = dist.AsSpan(i * m, m);
            var chosen = new HashSet<int> { i };
            for (var j = 0; j < m; j++)
            {
                int c;
                do c = rng.Below(points); while (!chosen.Add(c));
                row[j] = c;
                d[j] = Euclidean.SquaredDistance(data.AsSpan(i * dims, dims), data.AsSpan(c * dims, dims));
            }
            ExactNeighbors.SortByDistance(row, d);
            isNew.AsSpan(i * m, m).Fill(true);
        });

        var c = Math.Min(maxCandidates, m);
        for (var round = 0; round < maxRounds; round++)
        {
            // Candidate lists from the current graph: up to c new and c old forward neighbours per
            // point (nearest first; the chosen new ones become old), and their reverses.
            var fwdNew = new List<int>[points];
            var fwdOld = new List<int>[points];
            for (var i = 0; i < points; i++)
            {
                fwdNew[i] = new List<int>(c);
                fwdOld[i] = new List<int>(c);
                for (var j = 0; j < m; j++)
                {
                    var slot = i * m + j;
                    if (isNew[slot] && fwdNew[i].Count < c) { fwdNew[i].Add(index[slot]); isNew[slot] = false; }
                    else if (!isNew[slot] && fwdOld[i].Count < c) fwdOld[i].Add(index[slot]);
                }
            }
            var revNew = Reverse(fwdNew, points, c);
            var revOld = Reverse(fwdOld, points, c);
            var snapshot = (int[])index.Clone();

            long updates = 0;
            Parallel.For(0, points, parallel, () => (Stamp: new int[points], Candidates: new List<int>(), Count: new long[1]), (p, _, local) =>
            {
                var (stamp, candidates, count) = local;
                var tag = p + 1; // stamps are per point, never reset
                stamp[p] = tag;
                foreach (var q in snapshot.AsSpan(p * m, m)) stamp[q] = tag;
                // p meets q through a shared neighbour u when at least one of the two is new in u's lists.
                candidates.Clear();
                foreach (var u in fwdNew[p].Concat(revNew[p]))
                    candidates.AddRange([.. fwdNew[u], .. revNew[u], .. fwdOld[u], .. revOld[u]]);
                foreach (var u in fwdOld[p].Concat(revOld[p]))
                    candidates.AddRange([.. fwdNew[u], .. revNew[u]]);
                var x = data.AsSpan(p * dims, dims);
                var row = index.AsSpan(p * m, m);
                var d = dist.AsSpan(p * m, m);
                var flags = isNew.AsSpan(p * m, m);
                foreach (var q in candidates)
                {
                    if (stamp[q] == tag) continue;
                    stamp[q] = tag;
                    var dq = Euclidean.SquaredDistance(x, data.AsSpan(q * dims, dims));
                    if (dq >= d[m - 1]) continue;
                    Insert(row, d, flags, q, dq);
                    count[0]++;
                }
                return local;
            }, local => Interlocked.Add(ref updates, local.Count[0]));
            if (updates <= stopFraction * points * m) break;
        }

        // Final layout: the point itself first, then its m neighbours; distances (not squared).
        var indices = new int[points * k];
        var distances = new float[points * k];
        for (var i = 0; i < points; i++)
        {
            indices[i * k] = i;
            for (var j = 0; j < m; j++)
            {
                indices[i * k + 1 + j] = index[i * m + j];
                distances[i * k + 1 + j] = MathF.Sqrt(dist[i * m + j]);
            }
        }
        return new KnnGraph(points, k, indices, distances);
    }

    /// <summary>Who lists each point (first c of them, in point order: deterministic).</summary>
    private static List<int>[] Reverse(List<int>[] forward, int points, int c)
    {
        var reverse = new List<int>[points];
        for (var i = 0; i < points; i++) reverse[i] = [];
        for (var i = 0; i < points; i++)
            foreach (var j in forward[i])
                if (reverse[j].Count < c) reverse[j].Add(i);
        return reverse;
    }

    /// <summary>Inserts q at its place in the sorted row, dropping the farthest (the caller checked it is nearer).</summary>
    private static void Insert(Span<int> row, Span<float> d, Span<bool> flags, int q, float dq)
    {
        var at = row.Length - 1;
        while (at > 0 && (d[at - 1] > dq || (d[at - 1] == dq && row[at - 1] > q)))
        {
            row[at] = row[at - 1];
            d[at] = d[at - 1];
            flags[at] = flags[at - 1];
            at--;
        }
        row[at] = q;
        d[at] = dq;
        flags[at] = true;
    }
}
