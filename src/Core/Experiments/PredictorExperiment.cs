using System.Diagnostics;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>Trains a predictor from flat weights to test accuracy (sigmoid head) or to a hyper-parameter class (softmax).</summary>
public static class PredictorExperiment
{
    /// <param name="labels">Class per zoo row, or null to predict test accuracy.</param>
    public static PredictorResult Run(PredictorSpec spec, string target, ZooDataset data, WeightLayout layout, ExperimentRows rows,
        TrainerConfig trainer, int[]? labels, int classes, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        if (labels is null)
        {
            var (predicted, parameters) = PredictAccuracy(spec, data, layout, rows, trainer, log);
            return new PredictorResult(spec, target, AccuracyScores(data, rows, predicted), parameters, clock.Elapsed.TotalSeconds);
        }
        manual_seed(trainer.Seed);
        var model = spec.Build(layout, classes, PredictionHead.Logits);
        new Trainer(trainer with { Permute = spec.Permute }, Objective.Classification, layout, log)
            .Fit(model, ExperimentData.Classes(data, rows.Train, labels), ExperimentData.Classes(data, rows.Validation, labels));
        var logits = Trainer.Predict(model, data.WeightsOf(rows.Test), data.Parameters);
        var classified = Enumerable.Range(0, rows.Test.Length)
            .Select(i => ArgMax(logits.AsSpan(i * classes, classes))).ToArray();
        var scores = new Dictionary<string, double> { ["f1"] = Scores.MacroF1(rows.Test.Select(r => labels[r]).ToArray(), classified) };
        return new PredictorResult(spec, target, scores, ParameterCount(model), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Trains a sigmoid-head predictor to test accuracy (seeded by <paramref name="trainer"/>): its prediction for each test row, and its parameter count.</summary>
    public static (double[] Predicted, long Parameters) PredictAccuracy(PredictorSpec spec, ZooDataset data, WeightLayout layout,
        ExperimentRows rows, TrainerConfig trainer, Action<string> log)
    {
        manual_seed(trainer.Seed);
        var model = spec.Build(layout, 1, PredictionHead.Sigmoid);
        new Trainer(trainer with { Permute = spec.Permute }, Objective.Regression, layout, log)
            .Fit(model, ExperimentData.Accuracy(data, rows.Train), ExperimentData.Accuracy(data, rows.Validation));
        var predicted = Trainer.Predict(model, data.WeightsOf(rows.Test), data.Parameters).Select(v => (double)v).ToArray();
        return (predicted, ParameterCount(model));
    }

    /// <summary>r2, mse and Kendall's tau-b of accuracy predictions for the test rows.</summary>
    public static Dictionary<string, double> AccuracyScores(ZooDataset data, ExperimentRows rows, double[] predicted)
    {
        var truth = rows.Test.Select(r => data.Accuracy[r]).ToArray();
        return new() { ["r2"] = Scores.R2(truth, predicted), ["mse"] = Scores.Mse(truth, predicted), ["kendall"] = Scores.KendallTauB(truth, predicted) };
    }

    private static long ParameterCount(nn.Module<Tensor, Tensor> model) => model.parameters().Sum(p => p.numel());

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
