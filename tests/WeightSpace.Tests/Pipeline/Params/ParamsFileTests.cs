using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Tests.Pipeline;

namespace WeightSpace.Tests.Pipeline.Params;

public sealed class ParamsFileTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public sealed record Zoo(
        [property: Range(1, 1000)] int Epochs,
        [property: AllowedValues("sgd", "adam")] string Optimizer,
        [property: Range(0.0, 1.0)] IReadOnlyList<double> Fractions);

    public sealed record Root(Zoo TetrisZoo);

    private const string Valid = """
        {
          "tetris_zoo": { "epochs": 75, "optimizer": "adam", "fractions": [0.8, 0.2] },
          "profiles": { "smoke": { "tetris_zoo": { "epochs": 3 } } }
        }
        """;

    public void Dispose() => _repo.Dispose();

    private ParamsException Fails(string json, string? profile = null)
    {
        var path = _repo.Write("params.json", json);
        return Assert.Throws<ParamsException>(() => ParamsFile.Load<Root>(path, profile));
    }

    [Fact]
    public void A_valid_file_binds_and_a_profile_overrides_only_its_keys()
    {
        var path = _repo.Write("params.json", Valid);
        Assert.Equal(75, ParamsFile.Load<Root>(path, null).Value.TetrisZoo.Epochs);
        var (loaded, smoke) = ParamsFile.Load<Root>(path, "smoke");
        Assert.Equal(3, smoke.TetrisZoo.Epochs);
        Assert.Equal("adam", smoke.TetrisZoo.Optimizer);
        Assert.Equal("smoke", loaded.Profile);
        Assert.False(loaded.Sections.ContainsKey("profiles"));
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_the_key() =>
        Assert.Contains("unknown key 'tetris_zoo.epochz'", Fails(Valid.Replace("\"epochs\": 75", "\"epochs\": 75, \"epochz\": 1")).Message);

    [Fact]
    public void A_wrong_type_is_an_error_naming_the_key() =>
        Assert.Contains("'tetris_zoo.epochs' has the wrong type (expected an integer)", Fails(Valid.Replace("\"epochs\": 75", "\"epochs\": \"many\"")).Message);

    [Fact]
    public void An_out_of_range_value_is_an_error_naming_the_key() =>
        Assert.Contains("'tetris_zoo.epochs' = 0 is out of range", Fails(Valid.Replace("\"epochs\": 75", "\"epochs\": 0")).Message);

    [Fact]
    public void A_value_outside_the_allowed_set_is_an_error_naming_the_key() =>
        Assert.Contains("'tetris_zoo.optimizer'", Fails(Valid.Replace("\"adam\"", "\"adagrad\"")).Message);

    [Fact]
    public void Every_list_item_is_range_checked() =>
        Assert.Contains("'tetris_zoo.fractions[1]' = 1.2 is out of range", Fails(Valid.Replace("0.2]", "1.2]")).Message);

    [Fact]
    public void A_missing_key_is_an_error_naming_it() =>
        Assert.Contains("optimizer", Fails(Valid.Replace("\"optimizer\": \"adam\", ", "")).Message, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void An_unknown_profile_lists_the_profiles() =>
        Assert.Contains("unknown profile 'fast'; profiles are: default, smoke", Fails(Valid, "fast").Message);

    [Fact]
    public void A_profile_cannot_invent_a_key() =>
        Assert.Contains("unknown key 'tetris_zoo.epochz'", Fails(Valid.Replace("\"epochs\": 3", "\"epochz\": 3"), "smoke").Message);

    [Fact]
    public void A_profile_value_is_validated_like_the_defaults() =>
        Assert.Contains("profile 'smoke'", Fails(Valid.Replace("\"epochs\": 3", "\"epochs\": -3"), "smoke").Message);

    [Fact]
    public void Invalid_json_names_the_file() =>
        Assert.Contains("params.json: not valid JSON", Fails("{ \"tetris_zoo\": ").Message);
}
