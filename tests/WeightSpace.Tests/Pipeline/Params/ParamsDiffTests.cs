using WeightSpace.Pipeline.Params;

namespace WeightSpace.Tests.Pipeline.Params;

public sealed class ParamsDiffTests
{
    [Fact]
    public void Params_diff_flattens_sections_and_shows_only_changed_keys()
    {
        var old = ParamsDiff.Flatten("""{ "run": { "seed": 0, "threads": 2 }, "profiles": { "smoke": { "run": { "seed": 1 } } } }""", "old");
        var @new = ParamsDiff.Flatten("""{ "run": { "seed": 3, "threads": 2 }, "report": { "significant_digits": 3 } }""", "new");
        Assert.Equal(
            [
                new ParamChange("profiles.smoke.run.seed", "1", null),
                new ParamChange("report.significant_digits", null, "3"),
                new ParamChange("run.seed", "0", "3"),
            ],
            ParamsDiff.Compare(old, @new));
    }
}
