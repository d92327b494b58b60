using WeightSpace.Core.Torch;
using WeightSpace.Tests.Torch;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Torch;

[Collection(TorchCollection.Name)]
public sealed class InitialParameterTests
{
    [Fact]
    public void The_parameter_outlives_the_scope_its_value_was_computed_in_and_the_callers_scope()
    {
        TorchSharp.Modules.Parameter parameter;
        using (var outer = NewDisposeScope())
        {
            parameter = InitialParameter.From(() => arange(6, ScalarType.Float32).view(2, 3).mul_(2));
        }

        Assert.False(parameter.IsInvalid);
        Assert.True(parameter.requires_grad);
        Assert.Equal([0f, 2, 4, 6, 8, 10], parameter.data<float>().ToArray());
        parameter.Dispose();
    }
}
