using System.Diagnostics;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>One learned predictor row of Tables 5 and 6.</summary>
/// <param name="Build">Builds the model for the zoo's layout with the given output count and head.</param>
public sealed record PredictorSpec(string Method, string Input, string Config, bool Permute,
    Func<WeightLayout, int, PredictionHead, nn.Module<Tensor, Tensor>> Build)
{
    public string Augmentation => Permute ? "permutation" : "none";
}

/// <summary>Test-split scores of one predictor: r2, mse and kendall for accuracy; f1 for classes.</summary>
public sealed record PredictorResult(PredictorSpec Spec, string Target, IReadOnlyDictionary<string, double> Scores, long Parameters, double Seconds);

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

/// <summary>Table 7: linear and 3-layer MLP probes from a trained auto-encoder's bottleneck to test accuracy.</summary>
public static class ProbeExperiment
{
    public static IReadOnlyDictionary<string, double> Run(IWeightEncoder encoder, ZooDataset data, ExperimentRows rows,
        IReadOnlyList<double> alphas, TrainerConfig trainer, Action<string> log)
    {
        float[] Encode(int[] picked)
        {
            var module = (nn.Module<Tensor, Tensor>)encoder;
            module.eval();
            using var noGrad = no_grad();
            var inputs = data.WeightsOf(picked);
            var result = new float[picked.Length * encoder.LatentSize];
            for (var start = 0; start < picked.Length; start += 1024)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(1024, picked.Length - start);
                var latent = encoder.Encode(tensor(inputs.AsSpan(start * data.Parameters, count * data.Parameters).ToArray()).view(count, data.Parameters));
                latent.contiguous().cpu().data<float>().ToArray().CopyTo(result.AsSpan(start * encoder.LatentSize));
            }
            return result;
        }
        var (train, validation, test) = (Encode(rows.Train), Encode(rows.Validation), Encode(rows.Test));
        double[] Accuracy(int[] picked) => picked.Select(r => data.Accuracy[r]).ToArray();
        var truth = Accuracy(rows.Test);
        var k = encoder.LatentSize;

        var linear = RidgeRegression.SelectAlpha(Features.FeatureMatrix.FromFloatRows(train, k), Accuracy(rows.Train),
            Features.FeatureMatrix.FromFloatRows(validation, k), Accuracy(rows.Validation), [.. alphas]);
        var linearPrediction = linear.Model.Predict(Features.FeatureMatrix.FromFloatRows(test, k));

        manual_seed(trainer.Seed);
        var probe = new MlpProbe(new MlpPredictorConfig(Hidden: 64), k);
        float[] Targets(int[] picked) => picked.Select(r => (float)data.Accuracy[r]).ToArray();
        new Trainer(trainer with { Permute = false }, Objective.Regression, log: log)
            .Fit(probe, new TrainingData(train, k, Targets(rows.Train), 1), new TrainingData(validation, k, Targets(rows.Validation), 1));
        var mlpPrediction = Trainer.Predict(probe, test, k).Select(v => (double)v).ToArray();

        return new Dictionary<string, double>
        {
            ["linreg"] = Scores.R2(truth, linearPrediction),
            ["mlp"] = Scores.R2(truth, mlpPrediction),
        };
    }
}
