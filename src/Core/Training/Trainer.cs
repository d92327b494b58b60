using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using WeightSpace.Core.Augment;
using WeightSpace.Core.Models;
using WeightSpace.Core.Tokens;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Training;

/// <summary>
/// Trains a flat-input model (B, features) with AdamW for reconstruction, regression or
/// classification, from in-memory arrays; keeps the weights of the best validation epoch.
/// </summary>
/// <remarks>
/// Deterministic given <see cref="TrainerConfig.Seed"/>: torch is seeded at the start of
/// <see cref="Fit"/> (dropout, noise) and one seeded <see cref="Random"/> drives shuffling,
/// permutations and erasing. Build the model after <c>torch.manual_seed</c> too if its
/// initialisation must repeat. torch's generator is process-wide: two trainings running at once in
/// one process draw from the same stream and are no longer reproducible (tests share one
/// non-parallel collection for this reason). Augmentation touches training batches only;
/// validation is clean.
/// </remarks>
public sealed class Trainer
{
    private readonly TrainerConfig _config;
    private readonly Objective _objective;
    private readonly Action<string>? _log;
    private readonly NeuronPermutation? _permutation;
    private readonly TokenScheme? _erasingTokens;
    private readonly int? _layoutSize;

    /// <param name="layout">the weight layout of the inputs; required for permutation and erasing.</param>
    /// <param name="log">receives one line per epoch.</param>
    public Trainer(TrainerConfig config, Objective objective, WeightLayout? layout = null, Action<string>? log = null)
    {
        config.Validate();
        _config = config;
        _objective = objective;
        _log = log;
        if ((config.Permute || config.ErasingP > 0) && layout is null)
            throw new ArgumentException("permutation and erasing need the weight layout of the inputs", nameof(layout));
        if (config.BottleneckNoiseSnrDb is not null && objective != Objective.Reconstruction)
            throw new ArgumentException("bottleneck noise applies to auto-encoders (Objective.Reconstruction) only", nameof(config));
        if (layout is not null)
        {
            _layoutSize = layout.ParameterCount;
            if (config.Permute) _permutation = new NeuronPermutation(layout);
            if (config.ErasingP > 0) _erasingTokens = TokenScheme.NeuronGroup(layout);
        }
    }

    public TrainingResult Fit(Module<Tensor, Tensor> model, TrainingData train, TrainingData validation)
    {
        CheckData(train, nameof(train));
        CheckData(validation, nameof(validation));
        if (train.Features != validation.Features)
            throw new ArgumentException($"train has {train.Features} features, validation {validation.Features}", nameof(validation));
        if (_layoutSize is { } p && train.Features != p)
            throw new ArgumentException($"inputs have {train.Features} features but the layout has {p} weights", nameof(train));
        var autoEncoder = model as IWeightAutoEncoder;
        if (_config.BottleneckNoiseSnrDb is not null && autoEncoder is null)
            throw new ArgumentException($"bottleneck noise needs an {nameof(IWeightAutoEncoder)}; {model.GetType().Name} is not one", nameof(model));

        manual_seed(_config.Seed);
        var rng = new Random(_config.Seed);
        var optimizer = new AdamW(model.parameters(), _config.LearningRate, _config.WeightDecay);
        var stepsPerEpoch = (train.Count + _config.BatchSize - 1) / _config.BatchSize;
        var order = Enumerable.Range(0, train.Count).ToArray();
        var epochs = new List<EpochRecord>();
        Dictionary<string, Tensor>? best = null;
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var step = 0;
        var stoppedEarly = false;
        try
        {
            for (var epoch = 1; epoch <= _config.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                Shuffle(order, rng);
                model.train();
                double lossSum = 0;
                var lr = 0.0;
                for (var start = 0; start < train.Count; start += _config.BatchSize, step++)
                {
                    using var scope = NewDisposeScope();
                    lr = _config.LearningRateAt(step, stepsPerEpoch);
                    optimizer.LearningRate = lr;
                    var rows = order.AsSpan(start, Math.Min(_config.BatchSize, train.Count - start)).ToArray();
                    var (input, target) = TrainingBatch(train, rows, rng);
                    var output = _config.BottleneckNoiseSnrDb is { } snr
                        ? autoEncoder!.Decode(GaussianNoise.Add(autoEncoder.Encode(input), snr))
                        : model.forward(input);
                    var loss = Loss(output, target);
                    optimizer.ZeroGrad();
                    loss.backward();
                    optimizer.Step();
                    lossSum += loss.item<float>() * rows.Length;
                }
                var trainLoss = lossSum / train.Count;
                var validationLoss = Evaluate(model, validation);
                var improved = validationLoss < bestLoss;
                if (improved)
                {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    DisposeAll(best);
                    best = CopyState(model);
                }
                var record = new EpochRecord(epoch, trainLoss, validationLoss, lr, clock.Elapsed.TotalSeconds, improved);
                epochs.Add(record);
                _log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch}/{_config.Epochs}  train {trainLoss:G5}  val {validationLoss:G5}{(improved ? " *" : "  ")}  lr {lr:G3}  {train.Count / record.Seconds:F0} samples/s"));
                if (_config.Patience is { } patience && epoch - bestEpoch >= patience)
                {
                    stoppedEarly = epoch < _config.Epochs;
                    break;
                }
            }
            if (best is not null) model.load_state_dict(best);
        }
        finally
        {
            DisposeAll(best);
            optimizer.Dispose();
        }
        return new TrainingResult(epochs, bestEpoch, bestLoss, stoppedEarly);
    }

    /// <summary>The objective's loss on clean data (eval mode, no augmentation), sample-weighted.</summary>
    public double Evaluate(Module<Tensor, Tensor> model, TrainingData data)
    {
        CheckData(data, nameof(data));
        model.eval();
        using var noGrad = no_grad();
        double sum = 0;
        for (var start = 0; start < data.Count; start += _config.BatchSize)
        {
            using var scope = NewDisposeScope();
            var rows = Enumerable.Range(start, Math.Min(_config.BatchSize, data.Count - start)).ToArray();
            var (input, target) = Batch(data, rows);
            sum += Loss(model.forward(input), target).item<float>() * rows.Length;
        }
        return sum / data.Count;
    }

    /// <summary>The model's outputs for n input rows (n x features), in eval mode, as n x outputs row-major.</summary>
    public static float[] Predict(Module<Tensor, Tensor> model, float[] inputs, int features, int batchSize = 1024)
    {
        var n = inputs.Length / features;
        model.eval();
        using var noGrad = no_grad();
        var parts = new List<float[]>();
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var x = tensor(inputs.AsSpan(start * features, count * features).ToArray()).view(count, features);
            parts.Add(model.forward(x).contiguous().cpu().data<float>().ToArray());
        }
        return parts.SelectMany(p => p).ToArray();
    }

    /// <summary>R² of the model's reconstructions of a test set (see <see cref="RSquared.Pooled"/>: per-weight test means).</summary>
    public static double ReconstructionR2(Module<Tensor, Tensor> model, float[] test, int parameterCount) =>
        RSquared.Pooled(test, Predict(model, test, parameterCount), parameterCount);

    private void CheckData(TrainingData data, string name)
    {
        if (data.Count == 0) throw new ArgumentException("no samples", name);
        switch (_objective)
        {
            case Objective.Regression when data.Targets is null:
                throw new ArgumentException("regression needs float targets", name);
            case Objective.Classification when data.Labels is null:
                throw new ArgumentException("classification needs class labels", name);
        }
    }

    private Tensor Loss(Tensor output, Tensor target) => _objective switch
    {
        Objective.Classification => functional.cross_entropy(output, target),
        _ => functional.mse_loss(output, target),
    };

    // Batch: the rows' inputs (or given ones, e.g. permuted) and the objective's targets.
    private (Tensor Input, Tensor Target) Batch(TrainingData data, int[] rows, float[]? inputs = null)
    {
        var input = tensor(inputs ?? Gather(data.Inputs, data.Features, rows)).view(rows.Length, data.Features);
        var target = _objective switch
        {
            Objective.Reconstruction => input,
            Objective.Regression => tensor(Gather(data.Targets!, data.TargetWidth, rows)).view(rows.Length, data.TargetWidth),
            _ => tensor(rows.Select(r => data.Labels![r]).ToArray()),
        };
        return (input, target);
    }

    // Augmented batch: permutation first (reconstruction targets permuted the same way, so they stay
    // the clean version of what the model sees), then erasing and noise on the input only.
    private (Tensor Input, Tensor Target) TrainingBatch(TrainingData data, int[] rows, Random rng)
    {
        var (input, target) = _permutation is null
            ? Batch(data, rows)
            : Batch(data, rows, _permutation.Apply(Gather(data.Inputs, data.Features, rows), rng));
        if (_erasingTokens is not null)
        {
            var mask = new float[rows.Length * data.Features];
            Array.Fill(mask, 1f);
            Erasing.ApplyInPlace(mask, _erasingTokens, _config.ErasingP, rng);
            input = input * tensor(mask).view(rows.Length, data.Features);
        }
        if (_config.InputNoiseSnrDb is { } snr) input = GaussianNoise.Add(input, snr);
        return (input, target);
    }

    private static float[] Gather(float[] source, int width, int[] rows)
    {
        var result = new float[rows.Length * width];
        for (var s = 0; s < rows.Length; s++)
            Array.Copy(source, rows[s] * width, result, s * width, width);
        return result;
    }

    private static void Shuffle(int[] order, Random rng)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>
    /// A copy of the model's state that outlives the epoch. In a dispose scope of its own: each
    /// <c>detach()</c> is a temporary tensor, and outside a scope nothing references it while
    /// <c>clone()</c> runs, so its finalizer could free it under libtorch (a segfault in
    /// <c>THSTensor_clone</c>, seen once in about 20 minutes of AttnPred training).
    /// </summary>
    private static Dictionary<string, Tensor> CopyState(Module<Tensor, Tensor> model)
    {
        using var scope = NewDisposeScope();
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
    }

    private static void DisposeAll(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }
}
