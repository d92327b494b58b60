using System.Diagnostics;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>Linear (ridge) and 3-layer MLP probes from a trained encoder's bottleneck to test accuracy (Table 7): probes fit on the train models, the penalty and early stop chosen on the validation models, R² on the test models.</summary>
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

        var linear = RidgeRegression.SelectAlpha(FeatureMatrix.FromFloatRows(train, k), Accuracy(rows.Train),
            FeatureMatrix.FromFloatRows(validation, k), Accuracy(rows.Validation), [.. alphas]);
        var linearPrediction = linear.Model.Predict(FeatureMatrix.FromFloatRows(test, k));

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
