using WeightSpace.Core.Learning;

namespace WeightSpace.Core.Tetris;

/// <summary>
/// The images a zoo trains and tests on. Held-out placements (test fraction > 0) are not learnable
/// by a bias-free 16-5-4 network (test accuracy stays at chance), so by default the test set is
/// noisy copies of every image: it measures how robustly a model separates the pieces, which
/// spreads accuracies between models the way the thesis' Figure 9 shows.
/// </summary>
/// <param name="TestFraction">Share of each class's placements held out of training (0 = none).</param>
/// <param name="NoiseCopies">Noisy copies of every image added to the test set.</param>
/// <param name="NoiseStd">Standard deviation of the Gaussian pixel noise of those copies.</param>
/// <param name="Seed">Seeds the hold-out choice and the noise.</param>
/// <param name="CleanTest">Also test on every clean image (the training images included).</param>
public sealed record TetrisImageSplit(double TestFraction, int NoiseCopies, double NoiseStd, int Seed, bool CleanTest = false)
{
    public (float[] X, int[] Y) Train { get; private init; } = ([], []);
    public (float[] X, int[] Y) Test { get; private init; } = ([], []);

    public TetrisImageSplit Apply(IReadOnlyList<TetrisImage> images)
    {
        if (TestFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "test fraction must be in [0, 1)");
        if (TestFraction == 0 && NoiseCopies == 0 && !CleanTest) throw new ArgumentException("the test set is empty: set a test fraction, noise copies or the clean test images");
        var random = new Random(Seed);
        var train = new List<TetrisImage>();
        var heldOut = new List<TetrisImage>();
        foreach (var group in images.GroupBy(i => i.Label).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var testCount = TestFraction == 0 ? 0 : Math.Max(1, (int)Math.Round(members.Length * TestFraction));
            heldOut.AddRange(members[..testCount]);
            train.AddRange(members[testCount..]);
        }
        var test = new List<(float[] Pixels, int Label)>((CleanTest ? images : heldOut).Select(i => (i.Pixels, i.Label)));
        for (var copy = 0; copy < NoiseCopies; copy++)
            foreach (var image in images)
                test.Add((image.Pixels.Select(p => (float)(p + NoiseStd * StandardNormal.Draw(random))).ToArray(), image.Label));
        var ordered = train.OrderBy(i => i.Id).ToList();
        return this with
        {
            Train = (ordered.SelectMany(i => i.Pixels).ToArray(), ordered.Select(i => i.Label).ToArray()),
            Test = (test.SelectMany(t => t.Pixels).ToArray(), test.Select(t => t.Label).ToArray()),
        };
    }
}
