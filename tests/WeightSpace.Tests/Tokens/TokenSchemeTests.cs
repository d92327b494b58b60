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

    /// <summary>Rows with unusual bit patterns (negative zero, NaN payloads, subnormals) so a lossy copy shows.</summary>
    private static float[] TrickyRows(int n, int p)
    {
        var rows = TestLayouts.RandomRows(n, p, seed: 7);
        rows[0] = -0f;
        rows[1] = BitConverter.Int32BitsToSingle(0x7FC00123);
        rows[2] = float.Epsilon;
        return rows;
    }

    private static void AssertBitExact(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"value {i} differs");
    }

    [Theory]
    [MemberData(nameof(SchemesAndLayouts))]
    public void Tokenize_then_detokenize_is_bit_exact(string name, string layoutName)
    {
        var layout = TestLayouts.ByName(layoutName);
        var scheme = TokenScheme.Parse(name, layout);
        var rows = TrickyRows(3, layout.ParameterCount);
        var batch = scheme.Tokenize(rows);
        Assert.Equal(3 * scheme.Count * scheme.MaxLength, batch.Data.Length);
        AssertBitExact(rows, scheme.Detokenize(batch));
    }

    [Theory]
    [MemberData(nameof(SchemesAndLayouts))]
    public void The_per_type_view_round_trips_bit_exactly(string name, string layoutName)
    {
        var layout = TestLayouts.ByName(layoutName);
        var scheme = TokenScheme.Parse(name, layout);
        var rows = TrickyRows(2, layout.ParameterCount);
        var blocks = scheme.TokenizeByType(rows);
        Assert.Equal(scheme.Count, blocks.Sum(b => b.Tokens.Length));
        AssertBitExact(rows, scheme.DetokenizeByType(blocks));
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
    public void Tetris_per_type_view_has_a_5x16_and_a_4x5_block()
    {
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris);
        var blocks = scheme.TokenizeByType(TestLayouts.RandomRows(3, 100, seed: 1));
        Assert.Equal(2, blocks.Count);
        Assert.Equal((0, 5, 16, 3 * 5 * 16), (blocks[0].Type, blocks[0].Tokens.Length, blocks[0].Length, blocks[0].Data.Length));
        Assert.Equal((1, 4, 5, 3 * 4 * 5), (blocks[1].Type, blocks[1].Tokens.Length, blocks[1].Length, blocks[1].Data.Length));
        Assert.Equal([5, 6, 7, 8], blocks[1].Tokens);
    }

    [Fact]
    public void Tetris_neurongroup_tokens_are_kernel_columns()
    {
        // With row[j] = j, a token shows which flat indices it gathered: unit 0 of the (16, 5)
        // kernel is column 0 (0, 5, 10, ...); unit 0 of the (5, 4) kernel starts at 80, stride 4.
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris);
        var row = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        var batch = scheme.Tokenize(row);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (float)(5 * i)), batch.Data.AsSpan(0, 16).ToArray());
        Assert.Equal([80f, 84f, 88f, 92f, 96f, 0f], batch.Data.AsSpan(5 * 16, 6).ToArray());
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
        var row = Enumerable.Range(1, 100).Select(i => (float)i).ToArray();
        var last = scheme.Tokenize(row).Data.AsSpan(2 * 34, 34).ToArray();
        Assert.Equal(69f, last[0]);
        Assert.Equal(100f, last[31]);
        Assert.Equal([0f, 0f], last[32..]);
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

    [Fact]
    public void Tokenize_rejects_a_partial_row()
    {
        var e = Assert.Throws<ArgumentException>(() => TokenScheme.NeuronGroup(TestLayouts.Tetris).Tokenize(new float[150]));
        Assert.Contains("150", e.Message);
    }

    [Fact]
    public void Detokenize_rejects_data_of_another_shape()
    {
        var scheme = TokenScheme.NeuronGroup(TestLayouts.Tetris);
        Assert.Throws<ArgumentException>(() => scheme.Detokenize(new float[9 * 16 * 2 + 1], 2));
    }
}
