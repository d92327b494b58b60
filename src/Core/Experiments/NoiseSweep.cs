using WeightSpace.Core.Augment;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// Figures 18 and 19 (thesis §4.2.1, noise robustness): reconstruction R² of a trained Table 4
/// auto-encoder when Gaussian noise at a given SNR is added at test time to its input, or
/// separately to its bottleneck; pooled over the test checkpoints (18) and per checkpoint epoch (19).
/// </summary>
public static class NoiseSweep
{
    /// <summary>Where the noise is added.</summary>
    public static readonly IReadOnlyList<string> Locations = ["input", "bottleneck"];

    /// <summary>
    /// Every (location, SNR) point of one model as metric rows: table fig18 (config "&lt;row config&gt;;noise=L;snr=S",
    /// and the same as typed coordinates) and fig19 (the same plus ";epoch=N"). The noise of each point is drawn after <c>manual_seed(seed)</c>, so a
    /// point does not depend on which other points are measured.
    /// </summary>
    /// <param name="testRows">the test checkpoints (rows of <paramref name="data"/>) to measure on.</param>
    public static IEnumerable<MetricRow> Run(AutoEncoderSpec spec, IWeightAutoEncoder model, ZooDataset data, IReadOnlyList<int> testRows,
        IReadOnlyList<double> snrDb, string dataset, int seed, string stage)
    {
        var width = data.Parameters;
        var test = data.WeightsOf(testRows);
        var epochs = testRows.Select(r => data.Epochs[r]).ToArray();
        foreach (var location in Locations)
        {
            foreach (var snr in snrDb)
            {
                var predicted = Reconstruct(model, test, width, location, snr, seed);
                var config = $"{spec.Config};noise={location};snr={snr.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                var at = new MetricCoordinates(Params: spec.Config, Noise: location, Snr: snr);
                MetricRow Row(string table, string c, double value) =>
                    new(table, dataset, "reconstruction", spec.Method, spec.Input, spec.Augmentation, c, "r2", value, "test", seed, stage) { At = at };
                yield return Row("fig18", config, RSquared.Pooled(test, predicted, width));
                foreach (var group in epochs.Select((e, i) => (Epoch: e, Index: i)).GroupBy(x => x.Epoch).OrderBy(g => g.Key))
                {
                    var picked = group.Select(x => x.Index).ToArray();
                    yield return Row("fig19", $"{config};epoch={group.Key}", RSquared.Pooled(Gather(test, picked, width), Gather(predicted, picked, width), width))
                        with { At = at with { Epoch = group.Key } };
                }
            }
        }
    }

    /// <summary>The model's reconstructions (n x width, row-major) of <paramref name="inputs"/> with noise at <paramref name="snrDb"/> on the input or the bottleneck.</summary>
    public static float[] Reconstruct(IWeightAutoEncoder model, float[] inputs, int width, string location, double snrDb, int seed, int batchSize = 512)
    {
        if (!Locations.Contains(location)) throw new ArgumentException($"noise location '{location}' is not one of {string.Join(", ", Locations)}", nameof(location));
        ((nn.Module)model).eval();
        using var noGrad = no_grad();
        manual_seed(seed);
        var n = inputs.Length / width;
        var result = new float[inputs.Length];
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var x = tensor(inputs.AsSpan(start * width, count * width).ToArray()).view(count, width); // (B, P)
            var output = location == "input"
                ? model.Decode(model.Encode(GaussianNoise.Add(x, snrDb)))
                : model.Decode(GaussianNoise.Add(model.Encode(x), snrDb)); // latent (B, 20)
            output.contiguous().cpu().data<float>().CopyTo(result.AsSpan(start * width, count * width));
        }
        return result;
    }

    /// <summary>At most <paramref name="max"/> rows, evenly spaced (0 = all), so a subsample keeps every epoch and model in proportion.</summary>
    public static int[] Subsample(IReadOnlyList<int> rows, int max)
    {
        if (max <= 0 || rows.Count <= max) return [.. rows];
        return Enumerable.Range(0, max).Select(i => rows[(int)((long)i * rows.Count / max)]).ToArray();
    }

    private static float[] Gather(float[] rows, int[] picked, int width)
    {
        var result = new float[picked.Length * width];
        for (var i = 0; i < picked.Length; i++) rows.AsSpan(picked[i] * width, width).CopyTo(result.AsSpan(i * width, width));
        return result;
    }
}
