using TorchSharp;
using WeightSpace.Core.Torch;
using static TorchSharp.torch;

namespace WeightSpace.Tests.Torch;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class DevicesTests
{
    [Fact]
    public void Cpu_and_auto_resolve_to_a_device_this_machine_has()
    {
        Assert.Equal(DeviceType.CPU, Devices.Resolve("cpu").type);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, Devices.Resolve("auto").type);
    }

    [Fact]
    public void Asking_for_cuda_without_a_cuda_device_names_the_setting()
    {
        if (cuda.is_available()) return; // nothing to refuse on a CUDA machine
        var error = Assert.Throws<InvalidOperationException>(() => Devices.Resolve("cuda"));
        Assert.Contains("run.device", error.Message);
    }
}
