using WeightSpace.Core.Cnn;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Cnn;

public sealed class ZooRecipeTests
{
    private static IEnumerable<CheckpointMetrics> Model(string name, IReadOnlyList<int> epochs, double final) =>
        epochs.Select((e, i) => new CheckpointMetrics(name, e, i == epochs.Count - 1 ? final : 0.1, 0.5, 1, 1, new Dictionary<string, string>()));

    [Fact]
    public void A_zoo_is_described_from_its_rows_the_recipe_per_model()
    {
        int[] own = [0, 1, 2, 3, 5, 8];
        var rows = Model("a", PublishedCnnZoo.Checkpoints, 0.9)
            .Concat(Model("b", PublishedCnnZoo.Checkpoints, 0.5))
            .Concat(Model("c", PublishedCnnZoo.Checkpoints, 0.15))
            .Concat(Model("d", own, 0.1))
            .Reverse(); // any order
        var recipe = ZooRecipe.Describe(rows, "metrics.csv.gz");
        Assert.Equal(4, recipe.Models);
        Assert.Equal([0, 1, 2, 3, 5, 8, 20, 40, 60, 80, 86], recipe.CheckpointEpochs);
        Assert.Equal("epochs=0,1,2,3,5,8,20,40,60,80,86", recipe.EpochsConfig);
        Assert.Equal(0.75, recipe.PublishedShare);
        Assert.Equal(86, recipe.FinalEpoch);
        // Last accuracies 0.1, 0.15, 0.5, 0.9: two of four below 0.2; quartiles interpolated as the tetris zoos'.
        Assert.Equal(0.5, recipe.NeverLearnsShare);
        Assert.Equal(0.325, recipe.Median, 12);
        Assert.Equal(0.1375, recipe.Q1, 12);
        Assert.Equal(0.6, recipe.Q3, 12);
    }

    [Fact]
    public void Non_finite_last_accuracies_are_left_out_and_an_empty_zoo_is_refused()
    {
        var recipe = ZooRecipe.Describe(Model("a", [0, 1], double.NaN).Concat(Model("b", [0, 1], 0.8)), "m");
        Assert.Equal(2, recipe.Models);
        Assert.Equal(0.8, recipe.Median);
        Assert.Equal(0.0, recipe.PublishedShare);
        var e = Assert.Throws<ZooFormatException>(() => ZooRecipe.Describe([], "zoo/metrics.csv.gz"));
        Assert.Contains("zoo/metrics.csv.gz", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 20, 40, 60, 80, 86 }, 20)] // the published column: always 20
    [InlineData(new[] { 0, 1, 2, 3, 5, 8 }, 3)]                 // the default's zoo keeps what it wrote
    [InlineData(new[] { 0, 1, 2 }, 1)]
    [InlineData(new[] { 5 }, 5)]
    public void Epochs_between_checkpoints_is_the_published_step(int[] checkpoints, int expected) =>
        Assert.Equal(expected, CnnZoo.EpochsBetweenCheckpoints(checkpoints));
}
