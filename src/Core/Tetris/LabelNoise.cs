namespace WeightSpace.Core.Tetris;

/// <summary>
/// How much of a zoo's test-accuracy variance is measurement noise. A model's accuracy on n test
/// images is a binomial proportion: even a perfect predictor of its true accuracy misses the
/// measured one by a variance of about a(1 − a)/n. Averaged over the checkpoints and divided by
/// the variance of the measured accuracies, that is the share no predictor can explain; one minus
/// it is the R² ceiling it implies.
/// </summary>
/// <param name="TestImages">n: images each accuracy is measured on.</param>
/// <param name="NoiseVariance">Mean over checkpoints of a(1 − a)/n.</param>
/// <param name="AccuracyVariance">Population variance of the measured accuracies.</param>
public sealed record LabelNoise(int TestImages, double NoiseVariance, double AccuracyVariance)
{
    /// <summary>Share of the accuracy variance that is binomial noise (NaN when all accuracies are equal).</summary>
    public double Share => AccuracyVariance > 0 ? NoiseVariance / AccuracyVariance : double.NaN;

    /// <summary>The R² a perfect predictor of the true accuracy would reach: 1 − share (negative when noise exceeds the spread).</summary>
    public double R2Ceiling => 1 - Share;

    public static LabelNoise Of(ReadOnlySpan<float> accuracy, int testImages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testImages);
        if (accuracy.IsEmpty) throw new ArgumentException("no accuracies", nameof(accuracy));
        double mean = 0, noise = 0;
        foreach (var a in accuracy)
        {
            mean += a;
            noise += a * (1.0 - a) / testImages;
        }
        mean /= accuracy.Length;
        double variance = 0;
        foreach (var a in accuracy) variance += (a - mean) * (a - mean);
        return new LabelNoise(testImages, noise / accuracy.Length, variance / accuracy.Length);
    }
}
