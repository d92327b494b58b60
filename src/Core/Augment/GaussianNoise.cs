namespace WeightSpace.Core.Augment;

/// <summary>
/// Additive white Gaussian noise at a target signal-to-noise ratio in dB (thesis §3.3 and the noise-robustness study):
/// sigma = sqrt(P_input * 10^(-snr/10)), where P_input is the mean square of the signal.
/// </summary>
/// <remarks>
/// P_input is measured per sample (per row), so every model gets noise at the same SNR whatever
/// the scale of its weights; a per-batch power would over-noise small-weight checkpoints (early
/// epochs) and under-noise large ones. Works on any rows: weight vectors or bottlenecks.
/// </remarks>
public static class GaussianNoise
{
    /// <summary>The noise standard deviation that gives <paramref name="snrDb"/> on this signal.</summary>
    public static double Sigma(ReadOnlySpan<float> signal, double snrDb)
    {
        var power = 0.0;
        foreach (var x in signal) power += (double)x * x;
        power /= signal.Length;
        return Math.Sqrt(power * Math.Pow(10, -snrDb / 10));
    }

    /// <summary>Returns a noisy copy of n rows of <paramref name="rowLength"/> values, each row at its own power.</summary>
    public static float[] Apply(ReadOnlySpan<float> rows, int rowLength, double snrDb, Random rng)
    {
        var result = rows.ToArray();
        AddInPlace(result, rowLength, snrDb, rng);
        return result;
    }

    /// <summary>Adds the noise in place.</summary>
    public static void AddInPlace(Span<float> rows, int rowLength, double snrDb, Random rng)
    {
        if (rowLength < 1 || rows.Length % rowLength != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of {rowLength}", nameof(rowLength));
        if (!double.IsFinite(snrDb))
            throw new ArgumentOutOfRangeException(nameof(snrDb), snrDb, "the SNR must be a finite number of dB");
        for (var s = 0; s < rows.Length / rowLength; s++)
        {
            var row = rows.Slice(s * rowLength, rowLength);
            var sigma = Sigma(row, snrDb);
            for (var j = 0; j < row.Length; j++) row[j] += (float)(sigma * StandardNormal(rng));
        }
    }

    /// <summary>The SNR in dB of <paramref name="noisy"/> against <paramref name="clean"/>, pooled over all values.</summary>
    public static double MeasureSnrDb(ReadOnlySpan<float> clean, ReadOnlySpan<float> noisy)
    {
        if (clean.Length != noisy.Length)
            throw new ArgumentException($"clean has {clean.Length} values, noisy {noisy.Length}", nameof(noisy));
        double signal = 0, noise = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            signal += (double)clean[i] * clean[i];
            var d = (double)noisy[i] - clean[i];
            noise += d * d;
        }
        return 10 * Math.Log10(signal / noise);
    }

    /// <summary>One N(0, 1) draw by Box-Muller (the cosine branch; the sine branch is discarded for simplicity).</summary>
    public static double StandardNormal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble(); // in (0, 1], so the log is finite
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
