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
        manual_seed(trainer.Seed);
        var config = trainer with { Permute = spec.Permute };
        var testInputs = data.WeightsOf(rows.Test);
        Dictionary<string, double> scores;
        nn.Module<Tensor, Tensor> model;
        if (labels is null)
        {
            model = spec.Build(layout, 1, PredictionHead.Sigmoid);
            new Trainer(config, Objective.Regression, layout, log)
                .Fit(model, ExperimentData.Accuracy(data, rows.Train), ExperimentData.Accuracy(data, rows.Validation));
            var predicted = Trainer.Predict(model, testInputs, data.Parameters).Select(v => (double)v).ToArray();
            var truth = rows.Test.Select(r => data.Accuracy[r]).ToArray();
            scores = new() { ["r2"] = Scores.R2(truth, predicted), ["mse"] = Scores.Mse(truth, predicted), ["kendall"] = Scores.KendallTauB(truth, predicted) };
        }
        else
        {
            model = spec.Build(layout, classes, PredictionHead.Logits);
            new Trainer(config, Objective.Classification, layout, log)
                .Fit(model, ExperimentData.Classes(data, rows.Train, labels), ExperimentData.Classes(data, rows.Validation, labels));
            var logits = Trainer.Predict(model, testInputs, data.Parameters);
            var predicted = Enumerable.Range(0, rows.Test.Length)
                .Select(i => ArgMax(logits.AsSpan(i * classes, classes))).ToArray();
            scores = new() { ["f1"] = Scores.MacroF1(rows.Test.Select(r => labels[r]).ToArray(), predicted) };
        }
        return new PredictorResult(spec, target, scores, model.parameters().Sum(p => p.numel()), clock.Elapsed.TotalSeconds);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
