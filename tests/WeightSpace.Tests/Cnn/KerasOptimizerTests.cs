using WeightSpace.Core.Cnn;

namespace WeightSpace.Tests.Cnn;

public sealed class KerasOptimizerTests
{
    private static readonly double[] Start = [0.5, -0.25, 1.0, 2.0, -1.5, 0.125];
    private static readonly double[] Grad = [0.2, -0.4, 0.05, 1.5, -0.01, 3.0];

    // Three models of two weights each, each its own optimizer and rate, stepped with gradient Grad.
    private static double[] OneStep(string[] optimizers, double[] rates, int steps = 1)
    {
        var weights = Start.Select(v => (float)v).ToArray();
        var gradient = Grad.Select(v => (float)v).ToArray();
        for (var k = 0; k < 3; k++)
        {
            var optimizer = new KerasOptimizer(optimizers[k], rates[k], 2);
            for (var s = 0; s < steps; s++) optimizer.Step(weights.AsSpan(2 * k, 2), gradient.AsSpan(2 * k, 2));
        }
        return weights.Select(v => (double)v).ToArray();
    }

    [Fact]
    public void One_step_of_sgd_adam_and_rmsprop_matches_the_keras_formulas_computed_by_hand()
    {
        double[] rates = [0.1, 0.01, 0.001];
        var after = OneStep(["sgd", "adam", "rmsprop"], rates);
        for (var i = 0; i < 6; i++)
        {
            var (w, g, lr) = (Start[i], Grad[i], rates[i / 2]);
            var expected = (i / 2) switch
            {
                0 => w - lr * g,
                // Adam step 1: m = 0.1 g, v = 0.001 g², lr_t = lr sqrt(1 - 0.999) / (1 - 0.9).
                1 => w - lr * Math.Sqrt(0.001) / 0.1 * (0.1 * g) / (Math.Sqrt(0.001 * g * g) + 1e-7),
                // RMSProp: v = 0.1 g².
                _ => w - lr * g / (Math.Sqrt(0.1 * g * g) + 1e-7),
            };
            Assert.Equal(expected, after[i], 1e-6);
        }
    }

    [Fact]
    public void Adam_bias_correction_follows_the_step_count()
    {
        var after = OneStep(["adam", "adam", "adam"], [0.01, 0.01, 0.01], steps: 2);
        for (var i = 0; i < 6; i++)
        {
            var g = Grad[i];
            double m = 0, v = 0, w = Start[i];
            for (var t = 1; t <= 2; t++)
            {
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                w -= 0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t)) * m / (Math.Sqrt(v) + 1e-7);
            }
            Assert.Equal(w, after[i], 1e-6);
        }
    }

    [Fact]
    public void An_unknown_optimizer_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new KerasOptimizer("adagrad", 0.1, 2));
        Assert.Contains("adagrad", e.Message);
    }
}
