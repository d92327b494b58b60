using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class FcnForwardTests
{
    // 2 -> 2 -> 1 with biases; flat order: bias0 (2), kernel0 (2x2, (in, out)), bias1 (1), kernel1 (2x1).
    private static readonly WeightLayout Layout = WeightLayout.Fcn([2, 2, 1], biases: true);
    private static readonly float[] Row = [0.5f, -1f, 1f, 2f, -3f, 4f, 0.25f, 1f, -2f];

    [Fact]
    public void Relu_logits_match_a_hand_computation()
    {
        // hidden = relu((1*1 + 1*(-3) + 0.5, 1*2 + 1*4 - 1)) = relu(-1.5, 5) = (0, 5); out = 0.25 + 0*1 + 5*(-2).
        Assert.Equal([-9.75f], FcnForward.Logits(Layout, Row, [1f, 1f], Activation.Relu));
    }

    [Fact]
    public void Tanh_logits_match_a_hand_computation()
    {
        var expected = 0.25 + Math.Tanh(-1.5) - 2 * Math.Tanh(5);
        Assert.Equal(expected, FcnForward.Logits(Layout, Row, [1f, 1f], Activation.Tanh)[0], 5);
    }

    [Fact]
    public void Rejects_an_input_of_the_wrong_width()
    {
        var e = Assert.Throws<ArgumentException>(() => FcnForward.Logits(Layout, Row, [1f, 1f, 1f], Activation.Relu));
        Assert.Contains("takes 2 inputs", e.Message);
    }
}
