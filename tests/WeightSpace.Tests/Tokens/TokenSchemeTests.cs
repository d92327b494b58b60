using WeightSpace.Core.Tokens;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Tokens;

public sealed class TokenSchemeTests
{
    public static TheoryData<string, string> SchemesAndLayouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var layout in new[] { "tetris", "fcn-biases", "cnn" })
            foreach (var scheme in new[] { "neuron", "neurongroup", "layer", "chunks:1", "chunks:7", "chunks:5" })
                data.Add(scheme, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(SchemesAndLayouts))]
    public void Every_weight_sits_in_exactly_one_token(string name, string layoutName)
    {
        var layout = TestLayouts.ByName(layoutName);
        var scheme = TokenScheme.Parse(name, layout);
        var all = Enumerable.Range(0, scheme.Count).SelectMany(scheme.Indices).Where(i => i != TokenScheme.Padding).Order();
        Assert.Equal(Enumerable.Range(0, layout.ParameterCount), all);
    }

    [Fact]
    public void Tetris_neurongroup_has_five_tokens_of_16_then_four_of_5()
    {
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris);
        Assert.Equal(9, scheme.Count);
        Assert.Equal([16, 16, 16, 16, 16, 5, 5, 5, 5], scheme.Lengths);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], Enumerable.Range(0, 9).Select(scheme.Type));
        Assert.Equal(16, scheme.MaxLength);
    }

    [Fact]
    public void Tetris_neurongroup_tokens_are_kernel_columns()
    {
        // Unit 0 of the (16, 5) kernel is column 0 (0, 5, 10, ...); unit 0 of the (5, 4) kernel starts at 80, stride 4.
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 5 * i), scheme.Indices(0));
        Assert.Equal([80, 84, 88, 92, 96], scheme.Indices(5));
        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3], Enumerable.Range(0, 9).Select(scheme.Unit));
    }

    [Fact]
    public void AttnAe2_slots_put_the_bias_last_and_pad_between()
    {
        // 6-4-3-2 with biases: layer 0 tokens are 6 weights + bias; at 9 slots, slots 6 and 7 are padding.
        var layout = TestLayouts.FcnWithBiases;
        var scheme = TokenScheme.NeuronGroup(layout, [9, 5, 4]);
        var unit1 = layout.NeuronGroups[1].Indices;
        Assert.Equal([.. unit1[..6], TokenScheme.Padding, TokenScheme.Padding, unit1[6]], scheme.Indices(1));
        Assert.Equal([9, 9, 9, 9, 5, 5, 5, 4, 4], scheme.Lengths);
        Assert.Equal([0, 1, 2], scheme.Types);
    }

    [Fact]
    public void AttnAe2_slots_at_the_layout_s_own_lengths_are_the_neurongroup_tokens()
    {
        var plain = TokenScheme.NeuronGroup(TestLayouts.Cnn);
        var slots = TokenScheme.NeuronGroup(TestLayouts.Cnn, TestLayouts.Cnn.Layers.Select(l => l.TokenLength).ToList());
        Assert.Equal(Enumerable.Range(0, plain.Count).Select(plain.Indices), Enumerable.Range(0, slots.Count).Select(slots.Indices));
    }

    [Fact]
    public void AttnAe2_slots_reject_a_layer_wider_than_its_type()
    {
        var e = Assert.Throws<ArgumentException>(() => TokenScheme.NeuronGroup(TestLayouts.Tetris, [16, 4]));
        Assert.Contains("layer 1", e.Message);
        Assert.Throws<ArgumentException>(() => TokenScheme.NeuronGroup(TestLayouts.Tetris, [16]));
    }

    [Fact]
    public void Cnn_neurongroup_has_58_tokens_of_filters_plus_bias()
    {
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Cnn);
        Assert.Equal(58, scheme.Count);
        Assert.Equal(
            Enumerable.Repeat(10, 16).Concat(Enumerable.Repeat(145, 32)).Concat(Enumerable.Repeat(17, 10)),
            scheme.Lengths);
        Assert.Equal([0, 1, 2, 3], scheme.Types);
        // The bias closes each token: filter 3 of conv2d_1 ends with bias index 160 + 3.
        Assert.Equal(163, scheme.Indices(16 + 3)[^1]);
    }

    [Fact]
    public void Layer_tokens_hold_whole_layers()
    {
        Assert.Equal([80, 20], TokenScheme.Layer(TestLayouts.Tetris).Lengths);
        Assert.Equal([160, 2320, 2320, 170], TokenScheme.Layer(TestLayouts.Cnn).Lengths);
    }

    [Fact]
    public void Neuron_tokens_are_single_weights_of_one_type()
    {
        var scheme = TokenScheme.Neuron(TestLayouts.Cnn);
        Assert.Equal(4970, scheme.Count);
        Assert.Equal(1, scheme.MaxLength);
        Assert.Equal([0], scheme.Types);
    }

    [Fact]
    public void Chunks_zero_pad_the_last_piece()
    {
        var scheme = TokenScheme.Chunks(TestLayouts.Tetris, 3);
        Assert.Equal([34, 34, 34], scheme.Lengths);
        Assert.Equal([.. Enumerable.Range(68, 32), TokenScheme.Padding, TokenScheme.Padding], scheme.Indices(2));
    }

    [Fact]
    public void Chunks_reject_a_k_that_leaves_an_empty_piece()
    {
        // 100 weights in pieces of ceil(100/60) = 2 fill only 50 pieces.
        var e = Assert.Throws<ArgumentException>(() => TokenScheme.Parse("chunks:60", TestLayouts.Tetris));
        Assert.Contains("chunks:60", e.Message);
    }

    [Theory]
    [InlineData("NeuronGroup", "neurongroup")]
    [InlineData(" layer ", "layer")]
    [InlineData("CHUNKS:4", "chunks:4")]
    public void Parse_ignores_case_and_spaces(string text, string name) =>
        Assert.Equal(name, TokenScheme.Parse(text, TestLayouts.Tetris).Name);

    [Theory]
    [InlineData("neurons")]
    [InlineData("chunks")]
    [InlineData("chunks:x")]
    [InlineData("chunks:0")]
    public void Parse_rejects_an_unknown_or_malformed_name(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => TokenScheme.Parse(text, TestLayouts.Tetris));
        Assert.Contains($"'{text}'", e.Message);
    }
}
