using WeightSpace.Core.Learning;

namespace WeightSpace.Tests.Learning;

public sealed class LbfgsTests
{
    [Fact]
    public void Finds_the_minimum_of_a_quadratic_which_is_the_solution_of_a_linear_system()
    {
        // f(x) = 1/2 x'Ax - b'x with A SPD: the minimum solves Ax = b; here x* = (1, -2, 3).
        double[,] a = { { 4, 1, 0 }, { 1, 3, 1 }, { 0, 1, 2 } };
        double[] solution = [1, -2, 3];
        var b = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Sum(j => a[i, j] * solution[j])).ToArray();
        double F(double[] x, double[] g)
        {
            var f = 0.0;
            for (var i = 0; i < 3; i++)
            {
                g[i] = Enumerable.Range(0, 3).Sum(j => a[i, j] * x[j]) - b[i];
                f += 0.5 * x[i] * (g[i] + b[i]) - b[i] * x[i];
            }
            return f;
        }
        var x = new double[3];
        Lbfgs.Minimize(F, x, new LogisticOptions(GradientTolerance: 1e-10, FunctionTolerance: 0));
        for (var i = 0; i < 3; i++) Assert.Equal(solution[i], x[i], 8);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void Matches_the_closed_form_penalised_logistic_fit_of_a_separable_pair(double expected)
    {
        // Points x = +1 (label 1) and x = -1 (label 0), no intercept, penalty lambda/2 w^2:
        // loss(w) = 2 log(1 + e^-w) + lambda/2 w^2, stationary where lambda w = 2 / (1 + e^w).
        // Choosing lambda = 2 / ((1 + e^w*) w*) makes w* the exact minimiser, though the set is separable.
        var lambda = 2 / ((1 + Math.Exp(expected)) * expected);
        double F(double[] w, double[] g)
        {
            g[0] = -2 / (1 + Math.Exp(w[0])) + lambda * w[0];
            return 2 * Math.Log(1 + Math.Exp(-w[0])) + lambda / 2 * w[0] * w[0];
        }
        var x = new double[1];
        Lbfgs.Minimize(F, x, new LogisticOptions(GradientTolerance: 1e-12, FunctionTolerance: 0));
        Assert.Equal(expected, x[0], 8);
    }

    [Fact]
    public void Minimises_the_two_dimensional_rosenbrock_valley()
    {
        // Not convex: a hard test of the line search and the curvature pairs; minimum at (1, 1).
        double F(double[] x, double[] g)
        {
            double u = 1 - x[0], v = x[1] - x[0] * x[0];
            g[0] = -2 * u - 400 * x[0] * v;
            g[1] = 200 * v;
            return u * u + 100 * v * v;
        }
        double[] x = [-1.2, 1];
        Lbfgs.Minimize(F, x, new LogisticOptions(MaxIterations: 1000, GradientTolerance: 1e-10, FunctionTolerance: 0));
        Assert.Equal(1, x[0], 5);
        Assert.Equal(1, x[1], 5);
    }

    [Fact]
    public void Starting_at_the_minimum_evaluates_once_and_stays()
    {
        var calls = 0;
        double F(double[] x, double[] g)
        {
            calls++;
            g[0] = 2 * (x[0] - 3);
            return (x[0] - 3) * (x[0] - 3);
        }
        double[] x = [3];
        Lbfgs.Minimize(F, x, LogisticOptions.Default);
        Assert.Equal(1, calls);
        Assert.Equal(3, x[0]);
    }
}
