using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

public sealed class ModelSplitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly (int, string)[] Models = Enumerable.Range(0, 50).Select(i => (i, $"run-{i}")).ToArray();

    [Fact]
    public void Puts_every_model_on_exactly_one_side_in_the_requested_proportions()
    {
        var split = ModelSplit.Create(Models, 0.7, 0.1, seed: 1);
        var train = split.ModelsIn(SplitPart.Train).ToList();
        var validation = split.ModelsIn(SplitPart.Validation).ToList();
        var test = split.ModelsIn(SplitPart.Test).ToList();
        Assert.Equal((35, 5, 10), (train.Count, validation.Count, test.Count));
        Assert.Equal(Enumerable.Range(0, 50), train.Concat(validation).Concat(test).Order());
    }

    [Fact]
    public void Keeps_all_checkpoints_of_a_model_on_the_same_side()
    {
        // Checkpoints listed model by model, 9 per model, as in the CNN zoo.
        var checkpoints = Models.SelectMany(m => Enumerable.Repeat(m, 9)).ToList();
        var split = ModelSplit.Create(checkpoints, 0.6, 0.2, seed: 3);
        var sides = checkpoints.GroupBy(c => c.Item1).Select(g => g.Select(c => split.SplitOf(c.Item1)).Distinct().Count());
        Assert.All(sides, n => Assert.Equal(1, n));
        Assert.Equal(50, split.Assignments.Count);
    }

    [Fact]
    public void Is_the_same_for_the_same_seed_and_differs_for_another()
    {
        var a = ModelSplit.Create(Models, 0.5, 0.25, seed: 42).Assignments;
        var b = ModelSplit.Create(Models.Reverse(), 0.5, 0.25, seed: 42).Assignments;
        var c = ModelSplit.Create(Models, 0.5, 0.25, seed: 43).Assignments;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Round_trips_through_its_csv_file()
    {
        var path = _dir.File("split.csv");
        var split = ModelSplit.Create(Models, 0.8, 0.1, seed: 7);
        split.Write(path);
        Assert.StartsWith("model_id,modeldir,split", File.ReadAllText(path));
        Assert.Equal(split.Assignments, ModelSplit.Read(path).Assignments);
    }

    [Fact]
    public void Names_the_row_of_an_unknown_split_value()
    {
        var path = _dir.File("split.csv");
        File.WriteAllText(path, "model_id,modeldir,split\n0,a,train\n1,b,holdout\n");
        var e = Assert.Throws<ZooFormatException>(() => ModelSplit.Read(path));
        Assert.Equal("split.csv row 2, column 'split': 'holdout' is not train, validation or test", e.Message);
    }

    [Fact]
    public void Rejects_fractions_that_add_up_to_more_than_one()
    {
        Assert.Throws<ArgumentException>(() => ModelSplit.Create(Models, 0.8, 0.3, seed: 1));
    }
}
