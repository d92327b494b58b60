using TorchSharp;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Training;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class AdamWTests
{
    // Ten steps of a small regression; returns the final weights.
    private static float[] Train(Func<IEnumerable<TorchSharp.Modules.Parameter>, Action> makeStep, Func<IEnumerable<TorchSharp.Modules.Parameter>, Action> makeZero)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1));
        var x = randn(32, 4);
        var y = randn(32, 1);
        var step = makeStep(model.parameters());
        var zero = makeZero(model.parameters());
        for (var i = 0; i < 10; i++)
        {
            using var batch = NewDisposeScope();
            zero();
            nn.functional.mse_loss(model.forward(x), y).backward();
            step();
        }
        return model.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void Takes_the_same_steps_as_torch_optim_adamw()
    {
        Core.Training.AdamW? ours = null;
        optim.Optimizer? theirs = null;
        var mine = Train(p => { ours = new Core.Training.AdamW(p, 0.01, weightDecay: 0.05); return ours.Step; }, _ => () => ours!.ZeroGrad());
        var reference = Train(p => { theirs = optim.AdamW(p, lr: 0.01, weight_decay: 0.05); return () => theirs.step(); }, _ => () => theirs!.zero_grad());
        Assert.All(mine.Zip(reference), pair => Assert.Equal(pair.Second, pair.First, 1e-6f));
    }

    [Fact]
    public void Leaves_a_parameter_without_gradient_unchanged()
    {
        using var scope = NewDisposeScope();
        var used = new TorchSharp.Modules.Parameter(ones(3));
        var unused = new TorchSharp.Modules.Parameter(ones(3));
        using var optimizer = new Core.Training.AdamW([used, unused], 0.1, weightDecay: 0.1);
        (used * used).sum().backward();
        optimizer.Step();
        Assert.Equal([1f, 1f, 1f], unused.detach().data<float>().ToArray());
        Assert.All(used.detach().data<float>().ToArray(), v => Assert.True(v < 1f));
    }
}
