using WeightSpace.Core.Manifold;

namespace WeightSpace.Tests.Manifold;

public sealed class TrustworthinessTests
{
    // Six points on a line with gaps 1, 2, 3, 4, 5 (no tied distances).
    private static readonly float[] Line = [0, 1, 3, 6, 10, 15];

    [Fact]
    public void An_embedding_that_keeps_every_distance_is_fully_trustworthy()
    {
        float[] mirrored = [.. Line.Select(x => 100 - x)];
        Assert.Equal(1.0, Trustworthiness.Compute(Line, 1, mirrored, 1, 6, 2), 12);
    }

    [Fact]
    public void Swapping_the_two_ends_costs_the_hand_computed_ranks()
    {
        // Points 0 and 5 swap places. Embedded nearest neighbours (k = 1) and their original ranks:
        // p0 -> p4 (rank 4), p1 -> p5 (rank 5), p5 -> p1 (rank 4), the rest keep rank 1.
        // Penalty (4-1) + (5-1) + (4-1) = 10; T = 1 - 2 / (6·1·(12 - 3 - 1)) · 10 = 1 - 20/48.
        float[] swapped = [15, 1, 3, 6, 10, 0];
        Assert.Equal(1 - 20.0 / 48, Trustworthiness.Compute(Line, 1, swapped, 1, 6, 1), 12);
    }

    [Fact]
    public void A_random_embedding_of_clustered_data_is_far_less_trustworthy_than_the_data_itself()
    {
        var (data, _) = Blobs.Make(300, 5, 3, 1.0, 1);
        var rng = new Random(2);
        var noise = Enumerable.Range(0, 600).Select(_ => (float)rng.NextDouble()).ToArray();
        var first2 = Enumerable.Range(0, 300).SelectMany(i => new[] { data[i * 5], data[i * 5 + 1] }).ToArray();
        Assert.True(Trustworthiness.Compute(data, 5, noise, 2, 300, 10) < 0.6);
        Assert.True(Trustworthiness.Compute(data, 5, first2, 2, 300, 10) > Trustworthiness.Compute(data, 5, noise, 2, 300, 10));
    }
}
