using WeightSpace.Core.Cnn;
using WeightSpace.Core.Images;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Cnn;

/// <summary>The hand-written pass against libtorch's autograd on the same network (NCHW conv2d, OIHW kernels).</summary>
[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class SmallCnnPassTests
{
    private static readonly CnnImages Images = SyntheticDigits.Make(6, 3);

    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.3)]
    [InlineData(false, 0.5)]
    public void The_gradient_equals_autograds_for_the_mean_cross_entropy_of_a_batch(bool relu, double dropout)
    {
        var spec = new CnnModelSpec(11, relu ? "relu" : "tanh", "GlorotNormal", 0.05, "sgd", 0.01, 0, dropout, 1.0);
        var weights = CnnInitializer.Initial(spec);
        var random = new Random(4);
        foreach (var e in SmallCnn.Entries.Where(e => e.IsBias)) // non-zero biases exercise their gradients
            for (var i = e.Start; i < e.End; i++) weights[i] = (float)(0.1 * (random.NextDouble() - 0.5));
        int[] batch = [4, 1, 5, 0];
        var (threshold, keep) = (DropoutStream.Threshold(dropout), (float)(1 / (1 - DropoutStream.Quantize(dropout))));

        var ours = new float[SmallCnn.ParameterCount];
        new SmallCnnPass(relu).AccumulateGradient(weights, Images.Pixels, Images.Labels, batch, ours,
            dropout > 0 ? new DropoutStream(spec.Seed) : null, threshold, keep);

        // The same masks, drawn in the pass's order: per image, layer 1, 2, 3, each height × width × channel.
        var stream = new DropoutStream(spec.Seed);
        int[] units = [13 * 13 * 16, 6 * 6 * 16, 2 * 2 * 16];
        var masks = units.Select(u => new float[batch.Length * u]).ToArray();
        for (var b = 0; b < batch.Length; b++)
            for (var l = 0; l < 3; l++)
            {
                var draws = new short[units[l]];
                if (dropout > 0) stream.Fill(draws);
                for (var u = 0; u < units[l]; u++) masks[l][b * units[l] + u] = dropout == 0 || draws[u] >= threshold ? keep : 0f;
            }

        using var scope = NewDisposeScope();
        var flat = tensor(weights).requires_grad_();
        Tensor Var(string name, params long[] shape) { var e = SmallCnn.Entries.Single(v => v.VarName == name); return flat.narrow(0, e.Start, e.Size).view(shape); }
        Tensor Oihw(string conv, int cin) => Var($"sequential/{conv}/kernel:0", 3, 3, cin, 16).permute(3, 2, 0, 1);
        Tensor Mask(int l, int side) => tensor(masks[l], [batch.Length, side, side, 16]).permute(0, 3, 1, 2);
        Tensor Act(Tensor t) => relu ? t.relu() : t.tanh();
        var x = tensor(batch.SelectMany(i => Images.Pixels.AsSpan(i * 784, 784).ToArray()).ToArray(), [batch.Length, 1, 28, 28]);
        var h = Act(nn.functional.conv2d(x, Oihw("conv2d", 1), Var("sequential/conv2d/bias:0", 16), strides: [2, 2])) * Mask(0, 13);
        h = Act(nn.functional.conv2d(h, Oihw("conv2d_1", 16), Var("sequential/conv2d_1/bias:0", 16), strides: [2, 2])) * Mask(1, 6);
        h = Act(nn.functional.conv2d(h, Oihw("conv2d_2", 16), Var("sequential/conv2d_2/bias:0", 16), strides: [2, 2])) * Mask(2, 2);
        var logits = h.mean([2, 3]).mm(Var("sequential/dense/kernel:0", 16, 10)) + Var("sequential/dense/bias:0", 10);
        nn.functional.cross_entropy(logits, tensor(batch.Select(i => (long)Images.Labels[i]).ToArray())).backward();
        var expected = flat.grad!.data<float>().ToArray();

        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3, $"a degenerate case: largest gradient {scale}");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(ours[i] - expected[i]) <= 1e-5 * scale + 1e-6 * Math.Abs(expected[i]),
                $"weight {i} ({SmallCnn.Entries.Single(e => e.Start <= i && i < e.End).VarName}): ours {ours[i]}, autograd {expected[i]}");
    }

    [Fact]
    public void Evaluation_gives_libtorchs_accuracy_and_cross_entropy()
    {
        var spec = new CnnModelSpec(5, "tanh", "HeNormal", 0.05, "sgd", 0.01, 0, 0, 1.0);
        var weights = CnnInitializer.Initial(spec);
        var (correct, loss) = new SmallCnnPass(relu: false).Evaluate(weights, Images.Pixels, Images.Labels, 0, Images.Count);

        using var scope = NewDisposeScope();
        var flat = tensor(weights);
        Tensor Var(string name, params long[] shape) { var e = SmallCnn.Entries.Single(v => v.VarName == name); return flat.narrow(0, e.Start, e.Size).view(shape); }
        Tensor Conv(Tensor t, string conv, int cin) => nn.functional.conv2d(t, Var($"sequential/{conv}/kernel:0", 3, 3, cin, 16).permute(3, 2, 0, 1),
            Var($"sequential/{conv}/bias:0", 16), strides: [2, 2]).tanh();
        var h = Conv(Conv(Conv(tensor(Images.Pixels, [Images.Count, 1, 28, 28]), "conv2d", 1), "conv2d_1", 16), "conv2d_2", 16);
        var logits = h.mean([2, 3]).mm(Var("sequential/dense/kernel:0", 16, 10)) + Var("sequential/dense/bias:0", 10);
        var labels = tensor(Images.Labels.Select(l => (long)l).ToArray());
        Assert.Equal(logits.argmax(1).eq(labels).sum().item<long>(), correct);
        Assert.Equal(nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>(), loss, 1e-4);
    }
}
