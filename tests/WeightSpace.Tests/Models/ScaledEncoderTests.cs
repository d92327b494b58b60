using WeightSpace.Core.Augment;
using WeightSpace.Core.Models;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Models;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class ScaledEncoderTests
{
    [Fact]
    public void Each_kernel_and_bias_is_standardised_with_its_own_training_mean_and_std()
    {
        var layout = TestLayouts.Cnn;
        var p = layout.ParameterCount;
        var rng = new Random(1);
        // Three rows; each variable gets its own offset and spread, row 2 is left out of the fit.
        var weights = new float[3 * p];
        for (var r = 0; r < 3; r++)
            foreach (var (entry, k) in layout.Entries.Select((e, k) => (e, k)))
                for (var j = entry.Start; j < entry.End; j++)
                    weights[r * p + j] = (float)(k + (k + 1) * 0.01 * (rng.NextDouble() - 0.5) + (r == 2 ? 100 : 0));

        var (shift, scale) = ScaledEncoder.FitPerVariable(weights, [0, 1], layout);

        foreach (var entry in layout.Entries)
        {
            var values = weights.AsSpan(entry.Start, entry.Size).ToArray().Concat(weights.AsSpan(p + entry.Start, entry.Size).ToArray())
                .Select(v => (double)v).ToArray();
            var mean = values.Average();
            var sd = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.All(shift[entry.Start..entry.End], s => Assert.Equal(mean, s, 4));
            Assert.All(scale[entry.Start..entry.End], s => Assert.Equal(1 / sd, s, 1e-2 / sd));
        }
    }

    [Fact]
    public void The_scaling_commutes_with_function_preserving_permutations()
    {
        // One statistic per variable: scaling a permuted network equals permuting the scaled network,
        // so permutation augmentation and the input scaling do not interfere.
        var layout = TestLayouts.Cnn;
        var p = layout.ParameterCount;
        var rng = new Random(2);
        var rows = Enumerable.Range(0, 4 * p).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var (shift, scale) = ScaledEncoder.FitPerVariable(rows, [0, 1, 2, 3], layout);
        var permutation = new NeuronPermutation(layout);
        var perms = permutation.Sample(rng);
        var row = rows.AsSpan(0, p).ToArray();
        float[] Scaled(float[] x) => x.Select((v, j) => (v - shift[j]) * scale[j]).ToArray();

        Assert.Equal(permutation.Apply(Scaled(row), perms), Scaled(permutation.Apply(row, perms)));
    }

    [Fact]
    public void The_encoder_sees_the_standardised_weights_and_the_scaling_is_not_trained()
    {
        float[] shift = [1, 1, 0, 0, 0, 0];
        float[] scale = [2, 2, 0.5f, 0.5f, 0.5f, 0.5f];
        using var identity = new Identity(6);
        using var encoder = new ScaledEncoder(identity, shift, scale);

        var z = encoder.Encode(tensor(new float[] { 3, -1, 2, 4, -2, 0 }).view(1, 6)).data<float>().ToArray();

        Assert.Equal([4f, -4f, 1f, 2f, -1f, 0f], z);
        Assert.Empty(encoder.parameters());
        Assert.Equal(2, encoder.buffers().Count());
    }

    private sealed class Identity(int size) : nn.Module<Tensor, Tensor>(nameof(Identity)), IWeightEncoder
    {
        public int LatentSize => size;
        public Tensor Encode(Tensor flat) => flat;
        public override Tensor forward(Tensor flat) => flat;
    }
}
