namespace WeightSpace.Core.Training;

/// <summary>Coefficient of determination as the thesis reports it for reconstructions and predictions.</summary>
public static class RSquared
{
    /// <summary>
    /// R² = 1 - SS_res / SS_tot pooled over every value of n rows of <paramref name="width"/> columns,
    /// where SS_tot measures each column against its own mean over these rows (for reconstructions:
    /// the per-weight mean of the test set). A model that outputs each weight's test mean scores 0;
    /// using one global mean instead would credit a model for merely knowing which weights are large.
    /// </summary>
    public static double Pooled(ReadOnlySpan<float> targets, ReadOnlySpan<float> predictions, int width)
    {
        if (targets.Length != predictions.Length)
            throw new ArgumentException($"{targets.Length} targets but {predictions.Length} predictions", nameof(predictions));
        if (width < 1 || targets.Length % width != 0 || targets.Length == 0)
            throw new ArgumentException($"{targets.Length} values are not whole rows of {width}", nameof(width));
        var n = targets.Length / width;
        var means = new double[width];
        for (var i = 0; i < targets.Length; i++) means[i % width] += targets[i];
        for (var j = 0; j < width; j++) means[j] /= n;
        double res = 0, tot = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            var e = (double)targets[i] - predictions[i];
            var c = targets[i] - means[i % width];
            res += e * e;
            tot += c * c;
        }
        return 1 - res / tot;
    }
}
