using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightSpace.Core.Training;

/// <summary>Plain SGD with the same Scalar discipline as <see cref="AdamW"/>.</summary>
public sealed class Sgd(IEnumerable<Parameter> parameters, double learningRate)
{
    private readonly Parameter[] _parameters = parameters.ToArray();

    public double LearningRate { get; set; } = learningRate;

    public void ZeroGrad() => Gradients.Zero(_parameters);

    public void Step()
    {
        using var step = (-LearningRate).ToScalar();
        using var noGrad = no_grad();
        foreach (var p in _parameters)
        {
            using var scope = NewDisposeScope();
            if (p.grad is { } grad) p.add_(grad, step);
        }
    }
}

internal static class Gradients
{
    public static void Zero(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        foreach (var p in parameters)
            p.grad?.zero_();
    }
}
