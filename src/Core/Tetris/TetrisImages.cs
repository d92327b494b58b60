using WeightSpace.Core.Augment;

namespace WeightSpace.Core.Tetris;

/// <summary>One 4x4 image: 16 pixels in row-major order, 1 where the piece is, 0 elsewhere.</summary>
public sealed record TetrisImage(int Id, int Label, string Piece, int Rotation, int Row, int Column, float[] Pixels);

/// <summary>
/// The tetris image set of the thesis (§4.2): every placement of every distinct rotation of four
/// tetris pieces on a 4x4 grid. The thesis draws black pieces on white; we store ink = 1 so that
/// a model without biases sees zeros where there is no piece. The set is fully deterministic.
/// </summary>
public static class TetrisImages
{
    public const int Side = 4;
    public const int Pixels = Side * Side;

    /// <summary>The pieces and their cells (row, column) in one orientation; the class label is the index.</summary>
    public static readonly IReadOnlyList<(string Name, (int R, int C)[] Cells)> Pieces =
    [
        ("I", [(0, 0), (0, 1), (0, 2), (0, 3)]),
        ("O", [(0, 0), (0, 1), (1, 0), (1, 1)]),
        ("T", [(0, 0), (0, 1), (0, 2), (1, 1)]),
        ("L", [(0, 0), (1, 0), (2, 0), (2, 1)]),
    ];

    public static int Classes => Pieces.Count;

    public static IReadOnlyList<TetrisImage> Generate()
    {
        var images = new List<TetrisImage>();
        for (var label = 0; label < Pieces.Count; label++)
        {
            var (name, cells) = Pieces[label];
            foreach (var (rotation, shape) in DistinctRotations(cells))
            {
                var height = shape.Max(c => c.R) + 1;
                var width = shape.Max(c => c.C) + 1;
                for (var row = 0; row + height <= Side; row++)
                    for (var column = 0; column + width <= Side; column++)
                    {
                        var pixels = new float[Pixels];
                        foreach (var (r, c) in shape) pixels[(row + r) * Side + column + c] = 1f;
                        images.Add(new TetrisImage(images.Count, label, name, rotation, row, column, pixels));
                    }
            }
        }
        return images;
    }

    /// <summary>Rotations by 90° that give a new shape, each normalized to touch the top-left corner.</summary>
    private static IEnumerable<(int Rotation, (int R, int C)[] Shape)> DistinctRotations((int R, int C)[] cells)
    {
        var seen = new HashSet<string>();
        var shape = Normalize(cells);
        for (var rotation = 0; rotation < 4; rotation++)
        {
            if (seen.Add(string.Join(';', shape))) yield return (rotation, shape);
            shape = Normalize(shape.Select(c => (c.C, -c.R)).ToArray()); // (r, c) -> (c, -r): 90° clockwise
        }
    }

    private static (int R, int C)[] Normalize((int R, int C)[] cells)
    {
        var top = cells.Min(c => c.R);
        var left = cells.Min(c => c.C);
        return cells.Select(c => (c.R - top, c.C - left)).OrderBy(c => c.Item1).ThenBy(c => c.Item2).ToArray();
    }
}

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
                test.Add((image.Pixels.Select(p => (float)(p + NoiseStd * GaussianNoise.StandardNormal(random))).ToArray(), image.Label));
        var ordered = train.OrderBy(i => i.Id).ToList();
        return this with
        {
            Train = (ordered.SelectMany(i => i.Pixels).ToArray(), ordered.Select(i => i.Label).ToArray()),
            Test = (test.SelectMany(t => t.Pixels).ToArray(), test.Select(t => t.Label).ToArray()),
        };
    }
}
