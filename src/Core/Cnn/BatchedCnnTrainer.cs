using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using WeightSpace.Core.Training;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// Trains a block of Small CNN Zoo models as one batched computation: the model index is the
/// leading dimension of every weight, the first layer's im2col patches are computed once per
/// batch and shared by all models (one GEMM against every model's filters side by side), and the
/// second and third layers are im2col + bmm over the model dimension. Each model's loss is its own
/// mean cross-entropy plus its own L2 term and the block's loss is their sum, so gradients never
/// mix models; per-model optimizer, learning rate, L2 and dropout rate; dropout masks come from
/// each model's own <see cref="DropoutStream"/>. A model therefore trains as it would alone.
/// All models of a block share the train fraction (hence the image subset and batch order) and
/// the activation.
/// </summary>
public static class BatchedCnnTrainer
{
    private const int EvalBatch = 1000;

    /// <summary>The image subset a train fraction trains on: the first round(f·N) of a seeded permutation (nested across fractions).</summary>
    public static int[] Subset(int images, double fraction, int seed)
    {
        var order = Enumerable.Range(0, images).ToArray();
        new Random(seed).Shuffle(order);
        return order[..Math.Max(1, (int)Math.Round(fraction * images))];
    }

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

        NativeHeap.KeepFreedMemory();
        using var outer = NewDisposeScope();
        // Inside the block the models sit ordered by optimizer (stable), so each rule updates one
        // run of rows; nothing a model computes depends on its place. byRule[j]: the caller's index of row j.
        var byRule = Enumerable.Range(0, m).OrderBy(k => Array.IndexOf(PerModelOptimizer.Names, models[k].Optimizer)).ToArray();
        var rows = byRule.Select(k => models[k]).ToList();
        var net = new Network(rows, relu);
        using var optimizer = new PerModelOptimizer(net.Parameters, rows.Select(s => s.Optimizer).ToList(), rows.Select(s => s.LearningRate).ToList());
        var trainX = tensor(subset.Pixels, [subset.Count, SmallCnn.ImageSide, SmallCnn.ImageSide]);
        var trainY = tensor(subset.Labels.Select(y => (long)y).ToArray());
        var testX = tensor(test.Pixels, [test.Count, SmallCnn.ImageSide, SmallCnn.ImageSide]);
        var testY = tensor(test.Labels.Select(y => (long)y).ToArray());
        // The batch order depends only on the fraction's seed, never on which models share the block.
        var shuffle = new Random(Seeds.Mix(recipe.ShuffleSeed, (long)Math.Round(models[0].TrainFraction * 1e6)));
        var order = Enumerable.Range(0, subset.Count).ToArray();
        var next = 0;

        void Record(int epoch)
        {
            var c = next++;
            var (trainAcc, trainLoss) = net.Evaluate(trainX, trainY);
            var (testAcc, testLoss) = net.Evaluate(testX, testY);
            var flat = net.Flat();
            for (var j = 0; j < m; j++)
            {
                var row = result.Row(byRule[j], c);
                (result.TrainAccuracy[row], result.TrainLoss[row], result.TestAccuracy[row], result.TestLoss[row]) = (trainAcc[j], trainLoss[j], testAcc[j], testLoss[j]);
                flat.AsSpan(j * SmallCnn.ParameterCount, SmallCnn.ParameterCount).CopyTo(result.Weights.AsSpan(row * SmallCnn.ParameterCount));
            }
        }

        if (checkpoints[0] == 0) Record(0);
        for (var epoch = 1; epoch <= recipe.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            for (var start = 0; start < order.Length; start += recipe.BatchSize)
            {
                using var step = NewDisposeScope();
                var index = tensor(order[start..Math.Min(start + recipe.BatchSize, order.Length)].Select(i => (long)i).ToArray());
                var loss = net.Loss(trainX.index_select(0, index), trainY.index_select(0, index));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
            }
            epochDone?.Invoke(epoch); // before the checkpoint's evaluation, so a bench times training alone
            if (checkpoints.Contains(epoch)) Record(epoch);
        }
        net.Dispose();
        return result;
    }

    /// <summary>The block's weights and its forward pass. Tensor shapes: M models, B images.</summary>
    private sealed class Network : IDisposable
    {
        private readonly int _m;
        private readonly bool _relu;
        private readonly bool _dropout;
        // Every weight of every model in one (M, 4970) leaf in the published layout: the optimizer
        // updates it with a handful of ops per step whatever the layer count, and it is the checkpoint.
        private readonly Parameter _flat;
        private readonly Tensor _kernels; // (1, 4970): 1 on kernel weights (L2 applies to them), 0 on biases
        private readonly Tensor _l2; // (M)
        private readonly short[] _thresholds; // per model: draws at or above it keep their unit
        private readonly float[] _keepScales; // per model: 1 / (1 - rate)
        private readonly DropoutStream[] _streams;
        private readonly Tensor?[] _masks = new Tensor?[3]; // per conv layer, reused step to step

        public Network(IReadOnlyList<CnnModelSpec> models, bool relu)
        {
            _m = models.Count;
            _relu = relu;
            var init = new float[_m * SmallCnn.ParameterCount];
            for (var k = 0; k < _m; k++) CnnInitializer.Initial(models[k]).CopyTo(init, k * SmallCnn.ParameterCount);
            _flat = new Parameter(tensor(init, [_m, SmallCnn.ParameterCount]).DetachFromDisposeScope());
            var kernels = new float[SmallCnn.ParameterCount];
            foreach (var e in SmallCnn.Entries.Where(e => !e.IsBias)) kernels.AsSpan(e.Start, e.Size).Fill(1);
            _kernels = tensor(kernels, [1, SmallCnn.ParameterCount]).DetachFromDisposeScope();
            _l2 = tensor(models.Select(s => (float)s.L2).ToArray()).DetachFromDisposeScope();
            _dropout = models.Any(s => s.Dropout > 0);
            _streams = models.Select(s => new DropoutStream(s.Seed)).ToArray();
            _thresholds = models.Select(s => DropoutStream.Threshold(s.Dropout)).ToArray();
            _keepScales = models.Select(s => (float)(1 / (1 - DropoutStream.Quantize(s.Dropout)))).ToArray();
        }

        public IEnumerable<Parameter> Parameters => [_flat];

        /// <summary>
        /// Every variable of the layout as a view of the flat weights: biases (M, units); conv kernels
        /// HWIO as (M, kh*kw*cin, 16); dense (M, 16, 10). One split, so the backward pass assembles
        /// the flat gradient in one concatenation rather than a zero-padded (M, 4970) tensor per variable.
        /// </summary>
        private Tensor[] Vars() =>
            _flat.split(SmallCnn.Entries.Select(e => (long)e.Size).ToArray(), 1)
                .Select((slice, i) => SmallCnn.Entries[i] is { IsBias: false } e ? slice.view(_m, e.Size / e.Shape[^1], e.Shape[^1]) : slice)
                .ToArray();

        /// <summary>Sum over models of (mean cross-entropy + L2 · sum of squared kernels).</summary>
        public Tensor Loss(Tensor x, Tensor y)
        {
            var logits = Forward(x, training: true); // (M, B, 10)
            var squares = _flat.square().mul(_kernels).sum([1]); // (M)
            return CrossEntropy(logits, y).Plus(_l2 * squares).sum();
        }

        /// <summary>Accuracy and mean cross-entropy per model, dropout off.</summary>
        public (float[] Accuracy, float[] Loss) Evaluate(Tensor x, Tensor y)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var n = x.shape[0];
            var correct = zeros(_m, dtype: ScalarType.Float64);
            var loss = zeros(_m, dtype: ScalarType.Float64);
            for (long start = 0; start < n; start += EvalBatch)
            {
                var len = Math.Min(EvalBatch, n - start);
                var xs = x.narrow(0, start, len);
                var ys = y.narrow(0, start, len);
                var logits = Forward(xs, training: false);
                correct += logits.argmax(-1).eq(ys.unsqueeze(0)).sum([1]).to_type(ScalarType.Float64);
                loss += CrossEntropy(logits, ys).to_type(ScalarType.Float64) * len;
            }
            return ((correct / n).to_type(ScalarType.Float32).data<float>().ToArray(), (loss / n).to_type(ScalarType.Float32).data<float>().ToArray());
        }

        /// <summary>(M, 4970) in the published layout.</summary>
        public float[] Flat()
        {
            using var scope = NewDisposeScope();
            return _flat.detach().contiguous().data<float>().ToArray();
        }

        private Tensor Forward(Tensor x, bool training)
        {
            var b = x.shape[0];
            const int f = SmallCnn.Filters;
            // Layer 1: the input's patches are shared by every model: one GEMM against all filters.
            var patches = x.unfold(1, 3, 2).unfold(2, 3, 2).reshape(b * 169, 9); // (B*13*13, kh*kw)
            var w = Vars();
            var w1 = w[1].permute(1, 0, 2).reshape(9, _m * f); // (9, M*16)
            var h = Activate(patches.mm(w1).PlusInPlace(w[0].reshape(_m * f))).view(b, 13, 13, _m, f); // (B, 13, 13, M, 16)
            if (training && _dropout) h = h.mul(Mask(0, [b, 13, 13, _m, f], modelFirst: false));
            // Layer 2: per-model im2col (kh, kw, cin order = HWIO) and bmm.
            patches = h.unfold(1, 3, 2).unfold(2, 3, 2) // (B, 6, 6, M, 16, 3, 3)
                .permute(3, 0, 1, 2, 5, 6, 4).reshape(_m, b * 36, 9 * f); // (M, B*6*6, 144)
            h = Activate(patches.bmm(w[3]).PlusInPlace(w[2].unsqueeze(1))); // (M, B*36, 16)
            if (training && _dropout) h = h.mul(Mask(1, [_m, b * 36, f], modelFirst: true));
            // Layer 3.
            patches = h.view(_m, b, 6, 6, f).unfold(2, 3, 2).unfold(3, 3, 2) // (M, B, 2, 2, 16, 3, 3)
                .permute(0, 1, 2, 3, 5, 6, 4).reshape(_m, b * 4, 9 * f); // (M, B*2*2, 144)
            h = Activate(patches.bmm(w[5]).PlusInPlace(w[4].unsqueeze(1))); // (M, B*4, 16)
            if (training && _dropout) h = h.mul(Mask(2, [_m, b * 4, f], modelFirst: true));
            var pooled = h.view(_m, b, 4, f).mean([2]); // (M, B, 16)
            return pooled.bmm(w[7]).PlusInPlace(w[6].unsqueeze(1)); // (M, B, 10)
        }

        // In place: the GEMM's fresh output is needed by nothing else, and this saves a pass over the largest tensors.
        private Tensor Activate(Tensor t) => _relu ? t.relu_() : t.tanh_();

        /// <summary>
        /// Keep-and-rescale factors (0 or 1/(1-rate)) from each model's own stream, written in place
        /// into this layer's reused mask tensor (the previous step's graph, which held it, is gone).
        /// <paramref name="modelFirst"/>: shape (M, per-model shape...); otherwise the model axis
        /// sits just before the last (filter) axis, as the first layer's output lays it out.
        /// </summary>
        private Tensor Mask(int layer, long[] shape, bool modelFirst)
        {
            if (_masks[layer] is not { } mask || !mask.shape.SequenceEqual(shape))
            {
                _masks[layer]?.Dispose(); // a shorter last batch, or the first step
                mask = _masks[layer] = empty(shape).DetachFromDisposeScope();
            }
            var per = (int)(mask.numel() / _m);
            var filters = (int)shape[^1];
            Parallel.For(0, _m, k =>
            {
                var all = MemoryMarshal.Cast<byte, float>(_masks[layer]!.bytes);
                if (modelFirst) _streams[k].FillMask(all.Slice(k * per, per), per, per, per, _thresholds[k], _keepScales[k]);
                else _streams[k].FillMask(all[(k * filters)..], per, filters, _m * filters, _thresholds[k], _keepScales[k]);
            });
            return mask;
        }

        // Mean cross-entropy per model: (M, B, 10) logits, (B) labels -> (M).
        private static Tensor CrossEntropy(Tensor logits, Tensor labels)
        {
            var logp = nn.functional.log_softmax(logits, -1);
            return -logp.gather(-1, labels.view(1, -1, 1).expand(logits.shape[0], -1, 1)).squeeze(-1).mean([1]);
        }

        public void Dispose()
        {
            foreach (var t in _masks.OfType<Tensor>().Concat([_flat, _kernels, _l2])) t.Dispose();
        }
    }
}
