using WeightSpace.Core.Experiments;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Experiments;

[Collection(WeightSpace.Tests.Torch.TorchCollection.Name)]
public sealed class PredictorExperimentTests : IDisposable
{
    private const int Models = 40, Epochs = 3;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Model m's accuracy is spread over [0.2, 0.8]; its weights are that accuracy times a fixed
    // pattern, plus +0.5 for tanh models and -0.5 for relu: both targets are readable from the weights.
    private static double Accuracy(int m, int e) => 0.2 + 0.6 * ((m * 7 + e * 3) % 20) / 19.0;

    private ZooDataset Zoo()
    {
        var metrics = TinyZoo.Metrics(Models, Epochs)
            .Select((c, r) => c with { TestAccuracy = Accuracy(r / Epochs, r % Epochs) }).ToList();
        var zoo = TinyZoo.Write(_dir.Root, Models, Epochs, (row, r) =>
        {
            var (m, e) = (r / Epochs, r % Epochs);
            for (var c = 0; c < row.Length; c++)
                row[c] = (float)(Accuracy(m, e) * ((c % 5) - 2) + (m % 2 == 0 ? -0.5 : 0.5));
        }, metrics).Directory;
        var parquet = _dir.File("zoo.parquet");
        ZooIngest.Run(zoo, parquet);
        var split = _dir.File("split.csv");
        ModelSplit.Create(ZooParquet.ReadModels(parquet), 0.6, 0.2, seed: 1).Write(split);
        return ZooDataset.Load(parquet, split);
    }

    private static readonly PredictorSpec Mlp = new("mlp", "weights", "layers=4", false,
        (layout, outputs, head) => new MlpPredictor(new MlpPredictorConfig(Hidden: 32, Outputs: outputs, Head: head), layout.ParameterCount));

    private static readonly TrainerConfig Trainer = new(Epochs: 40, BatchSize: 16, LearningRate: 1e-2, WeightDecay: 0, WarmupEpochs: 2, Patience: null, Seed: 2);

    [Fact]
    public void Accuracy_prediction_reports_test_r2_mse_kendall_and_the_trained_parameter_count()
    {
        var data = Zoo();
        var rows = ExperimentRows.Of(data, 1);
        var result = PredictorExperiment.Run(Mlp, "accuracy", data, TinyZoo.Layout, rows, Trainer, null, 0, _ => { });

        Assert.Equal(["kendall", "mse", "r2"], result.Scores.Keys.Order());
        Assert.True(result.Scores["r2"] > 0.8, $"R² {result.Scores["r2"]}");
        Assert.True(result.Scores["kendall"] > 0.6, $"Kendall {result.Scores["kendall"]}");
        Assert.Equal((100 * 32 + 32) + 2 * (32 * 32 + 32) + (32 + 1), result.Parameters);
        var rowsOut = result.Rows("table5", "toy", 2, "stage").ToList();
        Assert.Equal(4, rowsOut.Count);
        Assert.Equal(("params", "all"), (rowsOut[^1].Key.Metric, rowsOut[^1].Split));
    }

    [Fact]
    public void Class_prediction_reports_macro_f1_from_the_argmax_of_the_logits()
    {
        var data = Zoo();
        var rows = ExperimentRows.Of(data, 1);
        var labels = data.Labels("activation", out var levels)!;
        var result = PredictorExperiment.Run(Mlp, "activation", data, TinyZoo.Layout, rows, Trainer with { Epochs = 10 }, labels, levels.Count, _ => { });

        Assert.Equal(["f1"], result.Scores.Keys);
        Assert.Equal(1.0, result.Scores["f1"]);
        Assert.Equal((100 * 32 + 32) + 2 * (32 * 32 + 32) + (32 * 2 + 2), result.Parameters);
    }

    [Fact]
    public void The_same_seed_gives_the_same_scores()
    {
        var data = Zoo();
        var rows = ExperimentRows.Of(data, 1);
        var short_ = Trainer with { Epochs = 3 };
        var a = PredictorExperiment.Run(Mlp, "accuracy", data, TinyZoo.Layout, rows, short_, null, 0, _ => { });
        var b = PredictorExperiment.Run(Mlp, "accuracy", data, TinyZoo.Layout, rows, short_, null, 0, _ => { });
        Assert.Equal(a.Scores, b.Scores);
    }
}
