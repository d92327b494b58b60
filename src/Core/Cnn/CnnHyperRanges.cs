namespace WeightSpace.Core.Cnn;

/// <summary>
/// Where each model's hyper-parameters are drawn from, as Unterthiner et al. (2020) sample them:
/// activation, w_init, optimizer and train fraction uniformly from their lists; init_std, learning
/// rate and L2 log-uniformly, dropout uniformly, each from its [min, max].
/// </summary>
public sealed record CnnHyperRanges(
    IReadOnlyList<string> Activations,
    IReadOnlyList<string> WInits,
    IReadOnlyList<string> Optimizers,
    (double Min, double Max) InitStd,
    (double Min, double Max) LearningRate,
    (double Min, double Max) L2,
    (double Min, double Max) Dropout,
    IReadOnlyList<double> TrainFractions)
{
    /// <summary>
    /// Model k's hyper-parameters come from its own Random(seed, k) in a fixed order, so adding
    /// models to a zoo never changes the models already in it. Model k's init/dropout seed is
    /// derived from (seed, k) too.
    /// </summary>
    public IReadOnlyList<CnnModelSpec> Sample(int models, int seed) =>
        Enumerable.Range(0, models).Select(k =>
        {
            var r = new Random(Seeds.Mix(seed, k, 1));
            T Pick<T>(IReadOnlyList<T> list) => list[r.Next(list.Count)];
            double LogUniform((double Min, double Max) range) => Math.Exp(Math.Log(range.Min) + r.NextDouble() * (Math.Log(range.Max) - Math.Log(range.Min)));
            var activation = Pick(Activations);
            var wInit = Pick(WInits);
            var initStd = LogUniform(InitStd);
            var optimizer = Pick(Optimizers);
            var learningRate = LogUniform(LearningRate);
            var l2 = LogUniform(L2);
            var dropout = DropoutStream.Quantize(Dropout.Min + r.NextDouble() * (Dropout.Max - Dropout.Min));
            var fraction = Pick(TrainFractions);
            return new CnnModelSpec(Seeds.Mix(seed, k, 2), activation, wInit, initStd, optimizer, learningRate, l2, dropout, fraction);
        }).ToList();
}
