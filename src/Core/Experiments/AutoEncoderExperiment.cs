using System.Diagnostics;
using TorchSharp;
using WeightSpace.Core.Models;
using WeightSpace.Core.Training;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>Trains (or fits) one auto-encoder on a zoo's train models and measures reconstruction R² on its test models.</summary>
public static class AutoEncoderExperiment
{
    public static (AutoEncoderResult Result, nn.Module<Tensor, Tensor> Model) Run(AutoEncoderSpec spec, ZooDataset data, WeightLayout layout,
        ExperimentRows rows, TrainerConfig trainer, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var train = ExperimentData.Reconstruction(data, rows.Train);
        nn.Module<Tensor, Tensor> model;
        TrainingResult? training = null;
        if (spec.Build is null)
        {
            model = PcaAutoEncoder.Fit(train.Inputs, data.Parameters, spec.Latent);
        }
        else
        {
            manual_seed(trainer.Seed);
            model = spec.Build(layout);
            training = new Trainer(trainer with { Permute = spec.Permute }, Objective.Reconstruction, layout, log)
                .Fit(model, train, ExperimentData.Reconstruction(data, rows.Validation));
        }

        var test = data.WeightsOf(rows.Test);
        var predicted = Trainer.Predict(model, test, data.Parameters);
        var r2 = RSquared.Pooled(test, predicted, data.Parameters);
        var perEpoch = rows.Test.Select((row, i) => (Epoch: data.Epochs[row], Index: i))
            .GroupBy(x => x.Epoch)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var picked = g.Select(x => x.Index).ToArray();
                return (g.Key, RSquared.Pooled(Gather(test, picked, data.Parameters), Gather(predicted, picked, data.Parameters), data.Parameters));
            })
            .ToList();
        var parameters = model.parameters().Sum(p => p.numel());
        return (new AutoEncoderResult(spec, r2, parameters, clock.Elapsed.TotalSeconds, perEpoch, training), model);
    }

    private static float[] Gather(float[] rows, int[] picked, int width)
    {
        var result = new float[picked.Length * width];
        for (var i = 0; i < picked.Length; i++) rows.AsSpan(picked[i] * width, width).CopyTo(result.AsSpan(i * width, width));
        return result;
    }
}
