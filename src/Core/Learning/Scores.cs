namespace WeightSpace.Core.Learning;

/// <summary>
/// Evaluation metrics of the thesis (R^2, macro F1, Pearson, Spearman) plus Kendall's tau-b, the
/// rank metric newer weight-space papers report. All in double precision.
/// </summary>
public static class Scores
{
    /// <summary>
    /// Coefficient of determination 1 - SS_res / SS_tot. If y is constant, returns 1 for a perfect
    /// prediction and 0 otherwise (scikit-learn's finite convention) rather than NaN or -infinity.
    /// </summary>
    public static double R2(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        CheckPaired(yTrue.Length, yPred.Length);
        var mean = Mean(yTrue);
        double ssRes = 0, ssTot = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var r = yTrue[i] - yPred[i];
            var d = yTrue[i] - mean;
            ssRes += r * r;
            ssTot += d * d;
        }
        if (ssTot == 0) return ssRes == 0 ? 1 : 0;
        return 1 - ssRes / ssTot;
    }

    public static double Mse(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        CheckPaired(yTrue.Length, yPred.Length);
        var s = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var r = yTrue[i] - yPred[i];
            s += r * r;
        }
        return s / yTrue.Length;
    }

    /// <summary>Pearson's correlation coefficient; NaN if either side is constant.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPaired(x.Length, y.Length);
        double mx = Mean(x), my = Mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>Spearman's rho: Pearson's correlation of the ranks, ties sharing their average rank.</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPaired(x.Length, y.Length);
        return Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>1-based ranks; tied values share the mean of the ranks they span (scipy's 'average').</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        CheckFinite(values, nameof(values));
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            var rank = (start + 1 + end) / 2.0; // mean of ranks start+1 .. end
            for (var k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }

    /// <summary>
    /// Kendall's tau-b (ties corrected in both x and y) in O(n log n), Knight's algorithm: sort by
    /// (x, y), count x-ties and joint ties, then count discordant pairs as the swaps of a merge
    /// sort by y. NaN if either side is constant.
    /// </summary>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPaired(x.Length, y.Length);
        CheckFinite(x, nameof(x));
        CheckFinite(y, nameof(y));
        var n = x.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = xs[a].CompareTo(xs[b]);
            return c != 0 ? c : ys[a].CompareTo(ys[b]);
        });

        long xTies = 0, jointTies = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && xs[order[end]] == xs[order[start]]) end++;
            xTies += Pairs(end - start);
            // Within an x-run, y is sorted: count runs of equal y as joint ties.
            for (var s = start; s < end;)
            {
                var e = s + 1;
                while (e < end && ys[order[e]] == ys[order[s]]) e++;
                jointTies += Pairs(e - s);
                s = e;
            }
            start = end;
        }

        var sortedY = new double[n];
        for (var i = 0; i < n; i++) sortedY[i] = ys[order[i]];
        var swaps = MergeSortCountingSwaps(sortedY, new double[n]);

        long yTies = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && sortedY[end] == sortedY[start]) end++;
            yTies += Pairs(end - start);
            start = end;
        }

        var total = Pairs(n);
        double concordantMinusDiscordant = total - xTies - yTies + jointTies - 2.0 * swaps;
        double denominator = Math.Sqrt((double)(total - xTies) * (total - yTies));
        if (denominator == 0) return double.NaN;
        return Math.Clamp(concordantMinusDiscordant / denominator, -1, 1);
    }

    /// <summary>
    /// The largest Kendall tau-b any predictor with tie-free outputs (a regressor's floats) can reach
    /// against <paramref name="targets"/>: sqrt((n0 - n1) / n0), n0 = n(n-1)/2 pairs, n1 = pairs tied
    /// in the targets. Why: with no ties in the predictions tau-b = (C - D) / sqrt((n0 - n1) n0); a
    /// pair tied in the targets is neither concordant nor discordant, so C - D &lt;= n0 - n1, reached by
    /// any prediction that orders the targets and breaks their ties arbitrarily. (A predictor that ties
    /// exactly where the targets tie reaches 1, since tau-b's denominator then shrinks too; accuracy
    /// regressors do not tie.) NaN for a constant target or fewer than two values.
    /// </summary>
    public static double KendallTauBCeiling(ReadOnlySpan<double> targets)
    {
        CheckFinite(targets, nameof(targets));
        var sorted = targets.ToArray();
        Array.Sort(sorted);
        long ties = 0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start]) end++;
            ties += Pairs(end - start);
            start = end;
        }
        var total = Pairs(sorted.Length);
        return total == ties ? double.NaN : Math.Sqrt((double)(total - ties) / total);
    }

    /// <summary>
    /// Unweighted mean of per-class F1 = 2 TP / (2 TP + FP + FN). The classes averaged are those
    /// that occur in <paramref name="yTrue"/> or in <paramref name="yPred"/>: a class that is never
    /// true and never predicted is left out (its F1 would be 0/0), while a class predicted but never
    /// true counts with F1 = 0, as does a true class never predicted. This matches scikit-learn's
    /// <c>f1_score(average='macro')</c> with its default labels.
    /// </summary>
    public static double MacroF1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        CheckPaired(yTrue.Length, yPred.Length);
        var classes = new SortedDictionary<int, (long Tp, long Fp, long Fn)>();
        for (var i = 0; i < yTrue.Length; i++)
        {
            int t = yTrue[i], p = yPred[i];
            var ct = classes.GetValueOrDefault(t);
            if (t == p)
            {
                classes[t] = ct with { Tp = ct.Tp + 1 };
                continue;
            }
            classes[t] = ct with { Fn = ct.Fn + 1 };
            var cp = classes.GetValueOrDefault(p);
            classes[p] = cp with { Fp = cp.Fp + 1 };
        }
        var sum = 0.0;
        foreach (var (tp, fp, fn) in classes.Values) sum += 2.0 * tp / (2.0 * tp + fp + fn);
        return sum / classes.Count;
    }

    private static long Pairs(long count) => count * (count - 1) / 2;

    /// <summary>Stable merge sort of <paramref name="a"/>; returns the number of strictly inverted pairs.</summary>
    private static long MergeSortCountingSwaps(double[] a, double[] buffer)
    {
        long swaps = 0;
        var n = a.Length;
        // Bottom-up: merge runs of width 1, 2, 4, ... alternating between a and buffer.
        double[] src = a, dst = buffer;
        for (var width = 1; width < n; width *= 2)
        {
            for (var lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi)
                {
                    if (src[j] < src[i])
                    {
                        // src[j] jumps over every element left in the first run.
                        swaps += mid - i;
                        dst[k++] = src[j++];
                    }
                    else dst[k++] = src[i++];
                }
                while (i < mid) dst[k++] = src[i++];
                while (j < hi) dst[k++] = src[j++];
            }
            (src, dst) = (dst, src);
        }
        if (!ReferenceEquals(src, a)) Array.Copy(src, a, n);
        return swaps;
    }

    private static double Mean(ReadOnlySpan<double> v)
    {
        var s = 0.0;
        foreach (var x in v) s += x;
        return s / v.Length;
    }

    private static void CheckPaired(int a, int b)
    {
        if (a != b) throw new ArgumentException($"metric needs paired values: got {a} and {b}");
        if (a == 0) throw new ArgumentException("metric of zero values is undefined");
    }

    private static void CheckFinite(ReadOnlySpan<double> v, string name)
    {
        for (var i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i])) throw new ArgumentException($"{name} is {v[i]} at index {i}", name);
    }
}
