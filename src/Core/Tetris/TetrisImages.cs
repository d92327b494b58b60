
namespace WeightSpace.Core.Tetris;

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
