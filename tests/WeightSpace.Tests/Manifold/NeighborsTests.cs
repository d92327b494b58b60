using WeightSpace.Core.Manifold;

namespace WeightSpace.Tests.Manifold;

public sealed class NeighborsTests
{
    private static int[] BruteForce(float[] data, int dims, int points, int i, int k) =>
        Enumerable.Range(0, points)
            .Select(j => (j, d: Enumerable.Range(0, dims).Sum(c => Math.Pow(data[i * dims + c] - data[j * dims + c], 2))))
            .OrderBy(p => p.j == i ? -1 : p.d).ThenBy(p => p.j).Take(k).Select(p => p.j).ToArray();

    [Fact]
    public void Exact_neighbours_match_brute_force_with_the_point_itself_first()
    {
        var (data, _) = Blobs.Make(700, 13, 4, 3.0, 5);
        var graph = ExactNeighbors.Compute(data, 700, 13, 10);
        foreach (var i in new[] { 0, 1, 99, 350, 699 })
        {
            Assert.Equal(BruteForce(data, 13, 700, i, 10), graph.IndicesOf(i).ToArray());
            Assert.Equal(0f, graph.DistancesOf(i)[0]);
            Assert.True(graph.DistancesOf(i)[1..].ToArray().Zip(graph.DistancesOf(i)[2..].ToArray()).All(p => p.First <= p.Second));
        }
    }

    [Fact]
    public void Exact_neighbours_found_across_tiles_above_and_below_the_diagonal_match_brute_force()
    {
        // 5,000 points span three 2,048-point tiles: a point's neighbours come from its own tile, from
        // tiles computed for it (rows) and from tiles computed for earlier points (transposed columns).
        var (data, _) = Blobs.Make(5000, 6, 3, 2.0, 8);
        var graph = ExactNeighbors.Compute(data, 5000, 6, 12);
        foreach (var i in new[] { 0, 2047, 2048, 3000, 4096, 4999 })
            Assert.Equal(BruteForce(data, 6, 5000, i, 12), graph.IndicesOf(i).ToArray());
    }

    [Fact]
    public void Nn_descent_finds_almost_every_true_neighbour_whatever_the_thread_count()
    {
        var (data, _) = Blobs.Make(3000, 20, 10, 4.0, 6);
        var exact = ExactNeighbors.Compute(data, 3000, 20, 15);
        var one = NnDescent.Compute(data, 3000, 20, 15, seed: 3, threads: 1);
        var two = NnDescent.Compute(data, 3000, 20, 15, seed: 3, threads: 2);
        Assert.True(one.RecallAgainst(exact) >= 0.95, $"recall {one.RecallAgainst(exact):F4}");
        Assert.Equal(one.Indices, two.Indices);
        Assert.Equal(one.Distances, two.Distances);
    }
}
