using TorchSharp;
using TorchSharp.Modules;
using WeightSpace.Core.Models;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Training;
using WeightSpace.Tests.Zoo;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using WeightSpace.Tests.Torch;

namespace WeightSpace.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests
{
    [Fact]
    public void Training_AttnAe1_on_structured_vectors_lowers_the_validation_loss()
    {
        var train = new TrainingData(StructuredRows(256, seed: 1), 100);
        var validation = new TrainingData(StructuredRows(64, seed: 2), 100);
        manual_seed(3);
        using var model = new AttnAe1(new AttnAe1Config(DModel: 16, Heads: 2, Blocks: 1), TokenScheme.NeuronGroup(TestLayouts.Tetris));
        var lines = new List<string>();
        var trainer = new Trainer(new TrainerConfig(Epochs: 8, BatchSize: 32, LearningRate: 3e-3, WarmupEpochs: 1, Seed: 4),
            Objective.Reconstruction, TestLayouts.Tetris, lines.Add);
        var before = trainer.Evaluate(model, validation);

        var result = trainer.Fit(model, train, validation);

        Assert.True(result.BestValidationLoss < 0.6 * before, $"validation MSE {before} -> {result.BestValidationLoss}");
        Assert.Equal(8, lines.Count);
        Assert.StartsWith("epoch 1/8  train ", lines[0]);
        Assert.True(Trainer.ReconstructionR2(model, validation.Inputs, 100) > 0.3);
    }

    [Fact]
    public void The_same_seed_gives_identical_losses()
    {
        Assert.Equal(Losses(seed: 5), Losses(seed: 5));
        Assert.NotEqual(Losses(seed: 5), Losses(seed: 6));
    }

    [Fact]
    public void Permutation_permutes_reconstruction_targets_like_the_inputs()
    {
        // An identity model reconstructs its input exactly: the loss stays 0 only if the target
        // got the very same permutation as the input.
        using var model = new Identity();
        var data = new TrainingData(TestLayouts.RandomRows(40, 100, seed: 7), 100);
        var result = new Trainer(new TrainerConfig(Epochs: 2, BatchSize: 16, Permute: true), Objective.Reconstruction, TestLayouts.Tetris)
            .Fit(model, data, data);
        Assert.All(result.Epochs, e => Assert.Equal(0, e.TrainLoss));
    }

    [Fact]
    public void Input_noise_at_10_dB_costs_a_tenth_of_the_signal_power()
    {
        using var model = new Identity();
        var rows = TestLayouts.RandomRows(400, 100, seed: 8);
        var power = rows.Average(x => (double)x * x);
        var data = new TrainingData(rows, 100);
        var result = new Trainer(new TrainerConfig(Epochs: 1, BatchSize: 100, InputNoiseSnrDb: 10), Objective.Reconstruction)
            .Fit(model, data, data);
        Assert.Equal(0.1 * power, result.Epochs[0].TrainLoss, 0.1 * power * 0.1);
        Assert.Equal(0, result.Epochs[0].ValidationLoss); // validation is never augmented
    }

    [Fact]
    public void Erasing_everything_leaves_the_whole_signal_as_error()
    {
        using var model = new Identity();
        var rows = TestLayouts.RandomRows(32, 100, seed: 9);
        var data = new TrainingData(rows, 100);
        var result = new Trainer(new TrainerConfig(Epochs: 1, BatchSize: 32, ErasingP: 1), Objective.Reconstruction, TestLayouts.Tetris)
            .Fit(model, data, data);
        Assert.Equal(rows.Average(x => (double)x * x), result.Epochs[0].TrainLoss, 1e-5);
    }

    [Fact]
    public void The_model_ends_with_its_best_validation_weights()
    {
        var data = new TrainingData(StructuredRows(64, seed: 10), 100);
        var validation = new TrainingData(StructuredRows(32, seed: 11), 100);
        manual_seed(12);
        using var model = new MlpAutoEncoder(new MlpAutoEncoderConfig(Hidden: [32, 32, 32, 32], Latent: 8), 100);
        // A learning rate this high makes the validation loss jump around, so the last epoch is rarely the best.
        var trainer = new Trainer(new TrainerConfig(Epochs: 12, BatchSize: 16, LearningRate: 0.05, Cosine: false, WarmupEpochs: 0, Patience: 4),
            Objective.Reconstruction);

        var result = trainer.Fit(model, data, validation);

        Assert.Equal(result.Epochs.Min(e => e.ValidationLoss), result.BestValidationLoss);
        Assert.Equal(result.BestValidationLoss, trainer.Evaluate(model, validation), 1e-6);
        Assert.True(result.Epochs.Count - result.BestEpoch <= 4);
        if (result.StoppedEarly) Assert.Equal(4, result.Epochs.Count - result.BestEpoch);
    }

    [Fact]
    public void A_sigmoid_predictor_and_a_classifier_learn()
    {
        var rng = new Random(13);
        var x = Enumerable.Range(0, 256 * 8).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var accuracy = Enumerable.Range(0, 256).Select(s => (float)(1 / (1 + Math.Exp(-3 * x[s * 8])))).ToArray();
        var labels = Enumerable.Range(0, 256).Select(s => x[s * 8 + 1] > 0 ? 1L : 0L).ToArray();
        manual_seed(14);
        using var regressor = new MlpProbe(new MlpPredictorConfig(Hidden: 16), 8);
        using var classifier = new MlpProbe(new MlpPredictorConfig(Hidden: 16, Outputs: 2, Head: PredictionHead.Logits), 8);
        var config = new TrainerConfig(Epochs: 30, BatchSize: 32, LearningRate: 1e-2, Patience: null);

        var regression = new TrainingData(x, 8, accuracy, 1);
        var r = new Trainer(config, Objective.Regression).Fit(regressor, regression, regression);
        var classification = new TrainingData(x, 8, labels: labels);
        var c = new Trainer(config, Objective.Classification).Fit(classifier, classification, classification);

        Assert.True(r.BestValidationLoss < 0.2 * r.Epochs[0].TrainLoss, $"{r.Epochs[0].TrainLoss} -> {r.BestValidationLoss}");
        Assert.True(c.BestValidationLoss < 0.3, $"cross-entropy {c.BestValidationLoss}");
    }

    [Fact]
    public void Bottleneck_noise_needs_an_auto_encoder()
    {
        var data = new TrainingData(new float[8], 4);
        var trainer = new Trainer(new TrainerConfig(BottleneckNoiseSnrDb: 10), Objective.Reconstruction);
        using var model = new Identity();
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(model, data, data));
        Assert.Contains("IWeightAutoEncoder", e.Message);
    }

    [Fact]
    public void Permutation_without_a_layout_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(new TrainerConfig(Permute: true), Objective.Reconstruction));
        Assert.Contains("layout", e.Message);
    }

    [Fact]
    public void The_learning_rate_warms_up_linearly_then_follows_a_cosine()
    {
        var config = new TrainerConfig(Epochs: 10, LearningRate: 1.0, WarmupEpochs: 2, MinLearningRate: 0.1);
        Assert.Equal(0.1, config.LearningRateAt(0, stepsPerEpoch: 5), 12);   // 1 of 10 warm-up steps
        Assert.Equal(1.0, config.LearningRateAt(9, 5), 12);                   // end of warm-up
        Assert.Equal(0.55, config.LearningRateAt(10 + 20, 5), 12);            // half way through the decay
        Assert.Equal(0.1, config.LearningRateAt(50, 5), 12);                  // the floor
    }

    [Fact]
    public void Bad_settings_name_the_field()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainerConfig(ErasingP: 1.5), Objective.Reconstruction));
        Assert.Equal("ErasingP", e.ParamName);
    }

    // 100 weights from 6 latent factors through a fixed random mixing: learnable structure.
    private static float[] StructuredRows(int n, int seed)
    {
        var mix = new Random(99);
        var mixing = Enumerable.Range(0, 6 * 100).Select(_ => mix.NextDouble() - 0.5).ToArray();
        var rng = new Random(seed);
        var rows = new float[n * 100];
        for (var s = 0; s < n; s++)
        {
            var f = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            for (var j = 0; j < 100; j++)
                rows[s * 100 + j] = (float)(Enumerable.Range(0, 6).Sum(k => f[k] * mixing[k * 100 + j]) + 0.02 * (rng.NextDouble() - 0.5));
        }
        return rows;
    }

    private static double[] Losses(int seed)
    {
        var data = new TrainingData(StructuredRows(48, seed: 20), 100);
        manual_seed(seed);
        using var model = new AttnAe2(new AttnAe2Config(DModel: 16, Heads: 2, Blocks: 1, Dropout: 0.1), TestLayouts.Tetris);
        var result = new Trainer(new TrainerConfig(Epochs: 2, BatchSize: 16, Seed: seed, Permute: true, InputNoiseSnrDb: 20, ErasingP: 0.1),
            Objective.Reconstruction, TestLayouts.Tetris).Fit(model, data, data);
        return result.Epochs.SelectMany(e => new[] { e.TrainLoss, e.ValidationLoss }).ToArray();
    }

    // forward(x) = x, with one parameter so the optimiser has something to hold.
    private sealed class Identity : Module<Tensor, Tensor>
    {
        private readonly Parameter unused = new(zeros(1));

        public Identity() : base(nameof(Identity)) => RegisterComponents();

        public override Tensor forward(Tensor x) => x + 0 * unused;
    }
}
