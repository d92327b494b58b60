using WeightSpace.Core.Manifold;

namespace WeightSpace.Tests.Manifold;

public sealed class UmapTests
{
    [Fact]
    public void The_fitted_curve_matches_umap_learns_a_and_b_for_min_dist_0_1()
    {
        var (a, b) = UmapCurve.Fit(0.1, 1.0);
        Assert.Equal(1.577, a, 2);
        Assert.Equal(0.895, b, 2);
    }

    [Fact]
    public void Memberships_of_each_point_sum_to_log2_k_and_the_union_is_symmetric()
    {
        var (data, _) = Blobs.Make(400, 8, 4, 2.0, 7);
        var knn = ExactNeighbors.Compute(data, 400, 8, 12);
        var (sigma, rho) = FuzzyGraph.SmoothDistances(knn);
        for (var i = 0; i < 400; i += 37)
        {
            var d = knn.DistancesOf(i).ToArray();
            var sum = Enumerable.Range(1, 11).Sum(j => Math.Exp(-Math.Max(0, d[j] - rho[i]) / sigma[i]));
            Assert.Equal(Math.Log2(12), sum, 3);
        }
        var graph = FuzzyGraph.Build(knn);
        var weights = new Dictionary<(int, int), float>();
        for (var i = 0; i < 400; i++)
            for (var e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++) weights[(i, graph.Columns[e])] = graph.Weights[e];
        foreach (var ((i, j), w) in weights)
        {
            Assert.True(weights.TryGetValue((j, i), out var back) && back == w, $"edge {i}-{j} is not symmetric");
            Assert.InRange(w, 0f, 1f);
        }
    }

    [Fact]
    public void Well_separated_clusters_stay_separated_and_neighbourhoods_are_trustworthy()
    {
        var (data, labels) = Blobs.Make(1500, 30, 8, 2.0, 11);
        var embedding = Umap.Embed(data, 1500, 30, new UmapOptions(Neighbors: 15, Seed: 4));
        // Leave-one-out 5-NN classifier on the embedding.
        var correct = 0;
        for (var i = 0; i < 1500; i++)
        {
            var votes = Enumerable.Range(0, 1500).Where(j => j != i)
                .OrderBy(j => Math.Pow(embedding[2 * i] - embedding[2 * j], 2) + Math.Pow(embedding[2 * i + 1] - embedding[2 * j + 1], 2))
                .Take(5).GroupBy(j => labels[j]).OrderByDescending(g => g.Count()).First().Key;
            if (votes == labels[i]) correct++;
        }
        Assert.True(correct / 1500.0 >= 0.95, $"5-NN accuracy {correct / 1500.0:F3}");
        var t = Trustworthiness.Compute(data, 30, embedding, 2, 1500, 15);
        Assert.True(t >= 0.95, $"trustworthiness@15 {t:F4}");
    }

    [Fact]
    public void The_embedding_is_identical_for_one_and_two_threads_and_changes_with_the_seed()
    {
        var (data, _) = Blobs.Make(600, 10, 3, 3.0, 12);
        UmapOptions Options(int threads, int seed) => new(Neighbors: 10, Epochs: 60, Seed: seed, Threads: threads);
        var one = Umap.Embed(data, 600, 10, Options(1, 5));
        var two = Umap.Embed(data, 600, 10, Options(2, 5));
        var other = Umap.Embed(data, 600, 10, Options(2, 6));
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public void Non_finite_input_is_rejected_naming_the_row()
    {
        var (data, _) = Blobs.Make(100, 4, 2, 1.0, 1);
        data[4 * 17 + 2] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => Umap.Embed(data, 100, 4, new UmapOptions(Neighbors: 5)));
        Assert.Contains("row 17", error.Message);
    }
}
