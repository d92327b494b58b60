using WeightSpace.Core.Cnn;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

/// <summary>Attention sizes in range that need more memory than the machine has are refused before training.</summary>
public sealed class MemoryCheckTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);
    private static readonly int Tokens = SmallCnn.Layout.NeuronGroups.Count;

    [Theory]
    [InlineData(null)]
    [InlineData("smoke")]
    [InlineData("thesis")]
    public void The_committed_profiles_fit_in_4_GB(string? profile)
    {
        var p = PipelineParams.Load(Repo.Params, profile).Value;
        MemoryCheck.Require(p.Get<CnnAttentionParams>(), Tokens, available: 4L << 30);
        MemoryCheck.Require(p.Get<AttentionParams>(), Tokens, available: 4L << 30);
    }

    [Fact]
    public void Sizes_each_in_range_that_multiply_past_the_machine_are_refused_naming_the_keys_and_the_estimate()
    {
        var a = PipelineParams.Load(Repo.Params, "thesis").Value.Get<CnnAttentionParams>() with { BatchSize = 65_536, DModel = 1024, Heads = 16, Blocks = 16 };

        var e = Assert.Throws<ParamsException>(() => MemoryCheck.Require(a, Tokens, available: 64L << 30));

        Assert.Contains("cnn_attention.batch_size = 65536", e.Message);
        Assert.Contains("d_model = 1024", e.Message);
        Assert.Contains("heads = 16", e.Message);
        Assert.Contains("more than the 64 GB available", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void The_estimate_grows_with_every_size_and_cannot_overflow()
    {
        var small = MemoryCheck.TransformerBytes(16, 60, 32, 4, 1, 1);
        Assert.True(MemoryCheck.TransformerBytes(32, 60, 32, 4, 1, 1) > small);
        Assert.True(MemoryCheck.TransformerBytes(16, 120, 32, 4, 1, 1) > small);
        Assert.True(MemoryCheck.TransformerBytes(16, 60, 64, 4, 1, 1) > small);
        Assert.True(MemoryCheck.TransformerBytes(16, 60, 32, 8, 1, 1) > small);
        Assert.True(MemoryCheck.TransformerBytes(16, 60, 32, 4, 2, 1) > small);
        var huge = MemoryCheck.TransformerBytes(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, 8);
        Assert.True(double.IsFinite(huge) && huge > 0);
    }

    [Fact]
    public void A_params_mistake_found_by_a_stage_exits_with_2()
    {
        var error = new StringWriter();
        var code = Program.Guarded(error, () => throw new StageFailedException("[attention-cnn-mnist] failed: params.json: too big",
            new ParamsException("params.json: too big")));
        Assert.Equal(2, code);
        Assert.StartsWith("error: [attention-cnn-mnist] failed: params.json", error.ToString());
    }
}
