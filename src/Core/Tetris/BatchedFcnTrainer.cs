using TorchSharp;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Tetris;

/// <summary>
/// Trains many bias-free fully connected models at once: the model index is a batch dimension of
/// every weight tensor, so a step of the whole zoo is two batched matmuls. Each model's loss is
/// its own mean cross-entropy and the zoo loss is their sum, so gradients (and the elementwise
/// SGD/Adam updates) never mix models: a model trains exactly as it would alone.
/// </summary>
public static class BatchedFcnTrainer
{
    public static FcnCheckpoints Train(
        IReadOnlyList<int> widths,
        IReadOnlyList<FcnModelSpec> models,
        FcnRecipe recipe,
        (float[] X, int[] Y) train,
        (float[] X, int[] Y) test,
        Action<int>? epochDone = null)
    {
        var layout = WeightLayout.Fcn(widths, biases: false);
        int m = models.Count, p = layout.ParameterCount, layers = widths.Count - 1, inputs = widths[0];
        var result = new FcnCheckpoints(m, recipe.Epochs, p, new float[(long)m * recipe.Epochs * p],
            new float[m * recipe.Epochs], new float[m * recipe.Epochs], new float[m * recipe.Epochs], new float[m * recipe.Epochs]);

        using var outer = NewDisposeScope();
        // Kernels in TensorFlow (in, out) order so that flattening them is the zoo's layout.
        var init = Enumerable.Range(0, layers).Select(l => new float[m * widths[l] * widths[l + 1]]).ToArray();
        for (var k = 0; k < m; k++)
        {
            // Model k draws its layers in order from its own Random(seed): the same draws alone or batched.
            var random = new Random(models[k].Seed);
            for (var l = 0; l < layers; l++)
                Initializers.Fill(init[l].AsSpan(k * widths[l] * widths[l + 1], widths[l] * widths[l + 1]), widths[l], widths[l + 1], models[k].Init, random);
        }
        var kernels = Enumerable.Range(0, layers)
            .Select(l => new TorchSharp.Modules.Parameter(tensor(init[l], [m, widths[l], widths[l + 1]]))) // (M, in, out)
            .ToArray();
        var relu = tensor(models.Select(s => s.Activation == Activation.Relu).ToArray()).view(m, 1, 1); // (M, 1, 1)
        // Our own optimizers: TorchSharp's pass temporary Scalars to native code (see Training.AdamW).
        var adam = recipe.Optimizer == "adam" ? new Training.AdamW(kernels, recipe.LearningRate) : null;
        var sgd = recipe.Optimizer == "sgd" ? new Training.Sgd(kernels, recipe.LearningRate) : null;
        if (adam is null && sgd is null) throw new ArgumentException($"unknown optimizer '{recipe.Optimizer}'; expected sgd or adam");

        var trainX = tensor(train.X, [train.Y.Length, inputs]);
        var trainY = tensor(train.Y.Select(y => (long)y).ToArray());
        var testX = tensor(test.X, [test.Y.Length, inputs]);
        var testY = tensor(test.Y.Select(y => (long)y).ToArray());
        var shuffle = new Random(recipe.ShuffleSeed);
        var order = Enumerable.Range(0, train.Y.Length).ToArray();

        for (var epoch = 1; epoch <= recipe.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            for (var start = 0; start < order.Length; start += recipe.BatchSize)
            {
                using var step = NewDisposeScope();
                var index = tensor(order[start..Math.Min(start + recipe.BatchSize, order.Length)].Select(i => (long)i).ToArray());
                var logits = Forward(kernels, relu, trainX.index_select(0, index)); // (M, B, classes)
                var loss = PerModelLoss(logits, trainY.index_select(0, index)).sum();
                adam?.ZeroGrad();
                sgd?.ZeroGrad();
                loss.backward();
                adam?.Step();
                sgd?.Step();
            }

            using (var eval = NewDisposeScope())
            using (no_grad())
            {
                var e = epoch;
                void Record(Tensor x, Tensor y, float[] accuracy, float[] lossOut)
                {
                    var logits = Forward(kernels, relu, x);
                    var acc = logits.argmax(-1).eq(y.unsqueeze(0)).to_type(ScalarType.Float32).mean([1]).cpu().data<float>().ToArray(); // (M)
                    var ce = PerModelLoss(logits, y).cpu().data<float>().ToArray();
                    for (var k = 0; k < m; k++) { accuracy[result.Row(k, e)] = acc[k]; lossOut[result.Row(k, e)] = ce[k]; }
                }
                Record(trainX, trainY, result.TrainAccuracy, result.TrainLoss);
                Record(testX, testY, result.TestAccuracy, result.TestLoss);
                var flat = cat(kernels.Select(k => k.reshape(m, -1)).ToArray(), 1).cpu().data<float>().ToArray(); // (M, P)
                for (var k = 0; k < m; k++)
                    flat.AsSpan(k * p, p).CopyTo(result.Weights.AsSpan(result.Row(k, e) * p, p));
            }
            epochDone?.Invoke(epoch);
        }
        adam?.Dispose();
        return result;
    }

    // Hidden layers get each model's activation; the last layer gives logits.
    private static Tensor Forward(TorchSharp.Modules.Parameter[] kernels, Tensor relu, Tensor x)
    {
        var h = x.matmul(kernels[0]); // (B, in) x (M, in, h) -> (M, B, h)
        for (var l = 1; l < kernels.Length; l++)
        {
            h = where(relu, nn.functional.relu(h), h.tanh());
            h = h.matmul(kernels[l]); // (M, B, out)
        }
        return h;
    }

    // Mean cross-entropy per model: (M, B, C) logits, (B) labels -> (M).
    private static Tensor PerModelLoss(Tensor logits, Tensor labels)
    {
        var logp = nn.functional.log_softmax(logits, -1);
        var picked = logp.gather(-1, labels.view(1, -1, 1).expand(logits.shape[0], -1, 1)); // (M, B, 1)
        return -picked.squeeze(-1).mean([1]);
    }
}
