using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;
using WeightSpace.Core.Training;

namespace WeightSpace.Tests.Experiments;

public sealed class NoiseTrainingTests
{
    [Fact]
    public void The_three_trainings_put_the_noise_where_they_say_and_keep_the_rest_of_the_trainer()
    {
        var trainer = new TrainerConfig(Epochs: 7, Seed: 3, Permute: true);
        var variants = NoiseTraining.Variants(10);
        Assert.Equal(["none", "input", "bottleneck"], variants.Select(v => v.Noise));
        Assert.Equal(trainer, variants[0].Trainer(trainer));
        Assert.Equal(trainer with { InputNoiseSnrDb = 10 }, variants[1].Trainer(trainer));
        Assert.Equal(trainer with { BottleneckNoiseSnrDb = 10 }, variants[2].Trainer(trainer));
        Assert.Equal(["permutation", "permutation+input-noise@10dB", "permutation+bottleneck-noise@10dB"], variants.Select(v => v.Augmentation));
        Assert.DoesNotContain(variants, v => v.Id == Table4.AttnAe2Id); // never overwrites Table 4's saved model
        Assert.Equal(3, variants.Select(v => v.Id).Distinct().Count());
    }

    [Fact]
    public void Rows_are_labelled_with_the_training_and_the_series_name_it_on_the_page()
    {
        var row = new MetricRow("fig18", "tetris-seed", "reconstruction", "attnae2", "neurongroup", "permutation", "latent=20;noise=input;snr=0", "r2", 0.5, "test", 1, "s");
        var labelled = NoiseTraining.Label([row], NoiseTraining.Variants(10)[2]).Single();
        Assert.Equal(row.Key with { Method = NoiseTraining.Method, Augmentation = "permutation+bottleneck-noise@10dB" }, labelled.Key);
        ReportRow Page(string augmentation) => new("fig18", "tetris-seed", "reconstruction", NoiseTraining.Method, "neurongroup", augmentation, "", "r2", null, 0.5, 1, "");
        Assert.Equal("trained without noise", NoiseTraining.Report.Series(Page("permutation")));
        Assert.Equal("trained with bottleneck noise at 10 dB", NoiseTraining.Report.Series(Page("permutation+bottleneck-noise@10dB")));
        Assert.Equal("trained with input noise at 2.5 dB", NoiseTraining.Report.Series(Page("permutation+input-noise@2.5dB")));
    }

    [Fact]
    public void Convergence_is_one_minus_the_validation_mse_over_the_weights_spread_per_training_epoch()
    {
        // Two validation rows of two weights: each weight's mean is 1, every value 1 away from it, so the spread is 1.
        float[] validation = [0, 2, 2, 0];
        var history = new TrainingResult([new EpochRecord(1, 0.9, 0.75, 1e-3, 1, true), new EpochRecord(2, 0.5, 0.25, 1e-3, 1, true)], 2, 0.25, false);
        var rows = NoiseTraining.Convergence(history, validation, 2, "latent=20", "tetris-seed", 1, "s").ToList();
        Assert.Equal([0.25, 0.75], rows.Select(r => r.Value));
        Assert.Equal([1, 2], rows.Select(r => r.At.Epoch!.Value));
        Assert.All(rows, r => Assert.Equal(("fig15", "validation-r2", "validation"), (r.Key.Table, r.Key.Metric, r.Split)));
        Assert.Equal("latent=20;training-epoch=2", rows[1].Key.Config);
    }
}
