using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class ModelSeedsTests
{
    [Fact]
    public void Seeds_are_distinct_across_zoos_run_seeds_and_models_up_to_the_limits()
    {
        // The block edges of every zoo and the extreme run seeds; every block is an interval, so
        // distinct edges and non-overlapping intervals mean no seed is shared.
        var runSeeds = new[] { 0, 1, 2, ModelSeeds.MaxRunSeed - 1, ModelSeeds.MaxRunSeed };
        var intervals = (from run in runSeeds
                         from zoo in ModelSeeds.Zoos
                         select (Zoo: zoo, Run: run, First: ModelSeeds.For(zoo, run, 0), Last: ModelSeeds.For(zoo, run, ModelSeeds.ModelsPerZoo - 1)))
                        .OrderBy(b => b.First).ToList();
        Assert.All(intervals, b => Assert.Equal(ModelSeeds.ModelsPerZoo - 1, b.Last - b.First));
        for (var i = 1; i < intervals.Count; i++)
            Assert.True(intervals[i].First > intervals[i - 1].Last, $"{intervals[i - 1]} overlaps {intervals[i]}");
        Assert.True(intervals[0].First >= 0);
    }

    [Fact]
    public void The_old_collision_is_gone_tetris_hyper_model_1000_of_run_0_and_model_0_of_run_1()
    {
        // Before: 1_000_000 + 1000 x run.seed + i gave both 1_001_000.
        Assert.NotEqual(ModelSeeds.For("tetris-hyper", 0, 1000), ModelSeeds.For("tetris-hyper", 1, 0));
        Assert.NotEqual(ModelSeeds.For("tetris-seed", 0, 1000), ModelSeeds.For("tetris-seed", 1, 0));
    }

    [Fact]
    public void Run_seed_0_keeps_the_seeds_of_the_committed_zoos()
    {
        Assert.Equal([0, 1, 999], new[] { 0, 1, 999 }.Select(k => ModelSeeds.For("tetris-seed", 0, k)));
        Assert.Equal([1_000_000, 1_001_403], new[] { 0, 1403 }.Select(i => ModelSeeds.For("tetris-hyper", 0, i)));
    }

    [Fact]
    public void Every_zoo_has_a_slot_and_the_largest_seed_fits_in_an_int()
    {
        Assert.True(ModelSeeds.Zoos.Count <= ModelSeeds.ZooSlots);
        Assert.Equal(((long)ModelSeeds.MaxRunSeed + 1) * ModelSeeds.ZooSlots * ModelSeeds.ModelsPerZoo - 1,
            ModelSeeds.For(ModelSeeds.Zoos[^1], ModelSeeds.MaxRunSeed, ModelSeeds.ModelsPerZoo - 1));
    }

    [Theory]
    [InlineData("tetris-seed", -1, 0, "run.seed")]
    [InlineData("tetris-seed", ModelSeeds.MaxRunSeed + 1, 0, "run.seed")]
    [InlineData("tetris-hyper", 0, ModelSeeds.ModelsPerZoo, "at most")]
    [InlineData("cnn-zoo", 0, 0, "cnn-zoo")]
    public void Out_of_range_inputs_are_rejected_with_a_clear_message(string zoo, int run, int model, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ModelSeeds.For(zoo, run, model));
        Assert.Contains(expected, e.Message);
    }
}
