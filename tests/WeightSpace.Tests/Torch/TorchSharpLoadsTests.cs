using TorchSharp;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Torch;

[Collection(TorchCollection.Name)]
public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void A_tiny_model_trains_and_its_loss_falls()
    {
        var (first, last) = TrainTinyModel(seed: 1);
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }

    [Fact]
    public void Training_with_the_same_seed_gives_bit_identical_losses()
    {
        Assert.Equal(TrainTinyModel(seed: 7), TrainTinyModel(seed: 7));
    }

    // Fits y = x1 - 2 x2 with a 2-16-1 MLP; returns the loss before and after 200 Adam steps.
    private static (float First, float Last) TrainTinyModel(int seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var x = randn(256, 2);
        var y = (x[.., 0] - 2 * x[.., 1]).unsqueeze(1);
        var model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1));
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        float first = 0, last = 0;
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        return (first, last);
    }
}
