using TorchSharp;
using WeightSpace.Core.Models;
using static TorchSharp.torch;
using WeightSpace.Tests.Torch;

namespace WeightSpace.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class SelfAttentionTests
{
    [Fact]
    public void Keeps_one_attention_map_per_head_whose_rows_sum_to_one()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var attention = new SelfAttention(dModel: 16, heads: 4) { KeepAttention = true };
        var y = attention.forward(randn(3, 7, 16));

        Assert.Equal([3L, 7, 16], y.shape);
        var maps = attention.LastAttention!;
        Assert.Equal([3L, 4, 7, 7], maps.shape);
        var rowSums = maps.sum(-1);
        Assert.True(allclose(rowSums, ones_like(rowSums), rtol: 1e-5, atol: 1e-5));
        Assert.True(maps.min().item<float>() >= 0);
    }

    [Fact]
    public void Keeps_no_map_unless_asked()
    {
        using var scope = NewDisposeScope();
        using var attention = new SelfAttention(dModel: 8, heads: 2);
        attention.forward(randn(2, 3, 8));
        Assert.Null(attention.LastAttention);
    }

    [Fact]
    public void Kept_maps_outlive_the_dispose_scope_of_the_forward()
    {
        using var attention = new SelfAttention(dModel: 8, heads: 2) { KeepAttention = true };
        using (NewDisposeScope()) attention.forward(randn(2, 3, 8));
        Assert.Equal([2L, 2, 3, 3], attention.LastAttention!.shape);
        Assert.Equal(2 * 2 * 3, attention.LastAttention.sum().item<float>(), 3); // 12 rows, each summing to 1
    }

    [Fact]
    public void Rejects_a_width_the_heads_do_not_divide()
    {
        var e = Assert.Throws<ArgumentException>(() => new SelfAttention(dModel: 10, heads: 4));
        Assert.Contains("not divisible by 4 heads", e.Message);
    }

    [Theory]
    [InlineData(true, Nonlinearity.Gelu)]
    [InlineData(false, Nonlinearity.Relu)]
    public void A_transformer_block_keeps_the_shape_and_depends_on_every_token(bool preNorm, Nonlinearity activation)
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var block = new TransformerBlock(dModel: 16, heads: 2, mlpHidden: 32, dropout: 0.1, preNorm, activation);
        block.eval();
        var x = randn(2, 5, 16);
        var y = block.forward(x);
        Assert.Equal(x.shape, y.shape);
        // Changing the last token changes the first token's output: attention mixes tokens.
        // (A random change: adding a constant to a token would vanish in the pre-norm LayerNorm.)
        var x2 = x.clone();
        x2[.., 4] += randn(2, 16);
        Assert.False(allclose(y[.., 0], block.forward(x2)[.., 0]));
    }
}
