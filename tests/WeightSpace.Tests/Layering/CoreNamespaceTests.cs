using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Layering;

public sealed class CoreNamespaceTests
{
    [Fact]
    public void Core_namespaces_use_each_other_without_a_cycle()
    {
        var graph = NamespaceGraph.Of(typeof(LayoutCsv).Assembly, "WeightSpace.Core");
        var cycle = NamespaceGraph.FindCycle(graph);
        Assert.True(cycle is null, $"namespace cycle in WeightSpace.Core: {string.Join(" -> ", cycle ?? [])}");
    }
}
