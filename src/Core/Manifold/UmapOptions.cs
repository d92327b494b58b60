namespace WeightSpace.Core.Manifold;

/// <summary>
/// UMAP's knobs. The defaults are the thesis' settings (50 neighbours, min_dist 0.1, euclidean).
/// </summary>
/// <param name="Neighbors">k of the k-NN graph, the point itself included (as umap-learn counts).</param>
/// <param name="MinDist">How tightly points may pack in the embedding; a and b are fitted from it.</param>
/// <param name="Spread">Scale of the embedded points (with MinDist, defines the target curve).</param>
/// <param name="Epochs">SGD epochs; 0 picks 500 up to 10,000 points and 200 beyond, as umap-learn does.</param>
/// <param name="NegativeSampleRate">Negative samples per positive edge sample.</param>
/// <param name="LearningRate">Initial SGD step, decayed linearly to 0.</param>
/// <param name="Seed">Every random choice (NN-descent start, initial noise, negative samples) derives from it.</param>
/// <param name="Threads">Worker threads; the result does not depend on it.</param>
/// <param name="ExactNeighborsUpTo">Above this many points the k-NN graph is approximated by NN-descent.</param>
public sealed record UmapOptions(
    int Neighbors = 50,
    double MinDist = 0.1,
    double Spread = 1.0,
    int Epochs = 0,
    int NegativeSampleRate = 5,
    double LearningRate = 1.0,
    int Seed = 0,
    int Threads = 2,
    int ExactNeighborsUpTo = 100_000)
{
    public int EpochsFor(int points) => Epochs > 0 ? Epochs : points <= 10_000 ? 500 : 200;

    public void Validate(int points)
    {
        if (Neighbors < 2) throw new ArgumentOutOfRangeException(nameof(Neighbors), Neighbors, "UMAP needs at least 2 neighbours (the point itself and one other)");
        if (points < Neighbors + 1) throw new ArgumentException($"UMAP with {Neighbors} neighbours needs more than {Neighbors} points; got {points}");
        if (!(MinDist >= 0) || !(Spread > 0) || MinDist > Spread) throw new ArgumentOutOfRangeException(nameof(MinDist), MinDist, $"min_dist must be in [0, spread={Spread}]");
        if (NegativeSampleRate < 0) throw new ArgumentOutOfRangeException(nameof(NegativeSampleRate));
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate));
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads));
    }
}
