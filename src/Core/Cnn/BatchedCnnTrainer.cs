using WeightSpace.Core.Images;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// Trains a block of Small CNN Zoo models side by side. Each step, the models' gradients are
/// computed in parallel, one model per worker at a time, by <see cref="SmallCnnPass"/> (a
/// hand-written forward and backward pass that keeps an image's working set in cache); the
/// model's own optimizer then updates its row of the block's (M, 4970) weights. No libtorch.
/// Each model's loss is its own mean cross-entropy plus its own L2 term, with per-model optimizer,
/// learning rate, L2 and dropout rate; dropout masks come from each model's own
/// <see cref="DropoutStream"/>. Nothing a model computes depends on the other models of its block
/// or on the thread that runs it, so a model trains bit for bit as it would alone.
/// All models of a block share the train fraction (hence the image subset and batch order) and
/// the activation.
/// </summary>
public static class BatchedCnnTrainer
{
    /// <summary>The image subset a train fraction trains on: the first round(f·N) of a seeded permutation (nested across fractions).</summary>
    public static int[] Subset(int images, double fraction, int seed)
    {
        var order = Enumerable.Range(0, images).ToArray();
        new Random(seed).Shuffle(order);
        return order[..SubsetSize(images, fraction)];
    }

    /// <summary>How many images a train fraction trains on: round(f·N), at least one.</summary>
    public static int SubsetSize(int images, double fraction) => Math.Max(1, (int)Math.Round(fraction * images));

    /// <param name="epochDone">Called after each epoch's training steps, before that epoch's checkpoint is evaluated.</param>
    public static CnnCheckpoints Train(IReadOnlyList<CnnModelSpec> models, CnnRecipe recipe, CnnImages train, CnnImages test, Action<int>? epochDone = null)
    {
        if (models.Count == 0) throw new ArgumentException("no models to train", nameof(models));
        if (models.Any(s => s.TrainFraction != models[0].TrainFraction || s.Activation != models[0].Activation))
            throw new ArgumentException("every model of a block must share its train fraction and activation");
        var relu = models[0].Activation switch
        {
            "relu" => true,
            "tanh" => false,
            var a => throw new ArgumentException($"unknown activation '{a}'; expected relu or tanh"),
        };
        var checkpoints = recipe.Checkpoints;
        if (checkpoints.Count == 0 || checkpoints.Zip(checkpoints.Skip(1)).Any(p => p.Second <= p.First) || checkpoints[0] < 0)
            throw new ArgumentException($"checkpoints [{string.Join(", ", checkpoints)}] must be ascending epochs >= 0");

        int m = models.Count;
        var result = CnnCheckpoints.Empty(m, checkpoints);
        var subset = train.Select(Subset(train.Count, models[0].TrainFraction, recipe.ShuffleSeed));

        var members = models.Select(s => new Member(s)).ToArray();
        const int n = SmallCnn.ParameterCount;
        var weights = new float[m * n]; // (M, 4970), the published layout per row
        var gradient = new float[m * n];
        for (var j = 0; j < m; j++) CnnInitializer.Initial(models[j]).CopyTo(weights, j * n);
        // The batch order depends only on the fraction's seed, never on which models share the block.
        var shuffle = new Random(Seeds.Mix(recipe.ShuffleSeed, (long)Math.Round(models[0].TrainFraction * 1e6)));
        var order = Enumerable.Range(0, subset.Count).ToArray();
        var steps = recipe.StepsPerEpoch(order.Length);
        if (steps == 0)
            throw new ArgumentException($"{order.Length} training images make no whole batch of {recipe.BatchSize}: with drop_remainder no step would train");
        var next = 0;
        var passes = new PassPool(relu);

        void Record(int epoch)
        {
            var c = next++;
            var (trainAcc, trainLoss) = Evaluate(weights, m, passes, subset);
            var (testAcc, testLoss) = Evaluate(weights, m, passes, test);
            for (var j = 0; j < m; j++)
            {
                var row = result.Row(j, c);
                (result.TrainAccuracy[row], result.TrainLoss[row], result.TestAccuracy[row], result.TestLoss[row]) = (trainAcc[j], trainLoss[j], testAcc[j], testLoss[j]);
                weights.AsSpan(j * n, n).CopyTo(result.Weights.AsSpan(row * n));
            }
        }

        if (checkpoints[0] == 0) Record(0);
        for (var epoch = 1; epoch <= recipe.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            for (var step = 0; step < steps; step++)
            {
                var start = step * recipe.BatchSize;
                var batch = order.AsMemory(start, Math.Min(recipe.BatchSize, order.Length - start));
                Parallel.For(0, m, passes.Take, (j, _, pass) =>
                {
                    var w = weights.AsSpan(j * n, n);
                    var g = gradient.AsSpan(j * n, n);
                    var member = members[j];
                    g.Clear();
                    pass.AccumulateGradient(w, subset.Pixels, subset.Labels, batch.Span, g, member.Dropout, member.Threshold, member.KeepScale);
                    // L2 · sum of squared kernel weights: 2 · L2 · w on kernels, nothing on biases.
                    foreach (var e in Kernels)
                        VectorMath.Axpy(member.TwiceL2, w.Slice(e.Start, e.Size), g.Slice(e.Start, e.Size));
                    member.Optimizer.Step(w, g);
                    return pass;
                }, passes.Return);
            }
            epochDone?.Invoke(epoch); // before the checkpoint's evaluation, so a bench times training alone
            if (checkpoints.Contains(epoch)) Record(epoch);
        }
        return result;
    }

    private static readonly LayoutEntry[] Kernels = SmallCnn.Entries.Where(e => !e.IsBias).ToArray();

    /// <summary>
    /// Workspaces handed to Parallel.For's workers and taken back, so a step allocates nothing. A
    /// pass keeps no state from one model to the next, so which worker gets which does not matter.
    /// </summary>
    private sealed class PassPool(bool relu)
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<SmallCnnPass> _free = [];
        public SmallCnnPass Take() => _free.TryTake(out var pass) ? pass : new SmallCnnPass(relu);
        public void Return(SmallCnnPass pass) => _free.Add(pass);
    }

    /// <summary>A model's own optimizer, dropout stream and constants (no stream when its rate is 0: it draws nothing).</summary>
    private sealed class Member(CnnModelSpec spec)
    {
        public KerasOptimizer Optimizer { get; } = new(spec.Optimizer, spec.LearningRate, SmallCnn.ParameterCount);
        public DropoutStream? Dropout { get; } = spec.Dropout > 0 ? new DropoutStream(spec.Seed) : null;
        public short Threshold { get; } = DropoutStream.Threshold(spec.Dropout);
        public float KeepScale { get; } = (float)(1 / (1 - DropoutStream.Quantize(spec.Dropout)));
        public float TwiceL2 { get; } = (float)(2 * spec.L2);
    }

    /// <summary>Accuracy and mean cross-entropy per model row of <paramref name="weights"/>, dropout off.</summary>
    private static (float[] Accuracy, float[] Loss) Evaluate(float[] weights, int m, PassPool passes, CnnImages images)
    {
        var accuracy = new float[m];
        var loss = new float[m];
        Parallel.For(0, m, passes.Take, (j, _, pass) =>
        {
            var (correct, sum) = pass.Evaluate(weights.AsSpan(j * SmallCnn.ParameterCount, SmallCnn.ParameterCount), images.Pixels, images.Labels, 0, images.Count);
            (accuracy[j], loss[j]) = ((float)((double)correct / images.Count), (float)(sum / images.Count));
            return pass;
        }, passes.Return);
        return (accuracy, loss);
    }
}
