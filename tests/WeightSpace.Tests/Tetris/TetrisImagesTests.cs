using WeightSpace.Core.Tetris;

namespace WeightSpace.Tests.Tetris;

public sealed class TetrisImagesTests
{
    [Fact]
    public void Holds_every_placement_of_every_distinct_rotation()
    {
        var counts = TetrisImages.Generate().GroupBy(i => i.Piece).ToDictionary(g => g.Key, g => g.Count());
        // I: 2 rotations x 4 placements; O: 1 x 9; T and L: 4 rotations x 6 placements.
        Assert.Equal(new Dictionary<string, int> { ["I"] = 8, ["O"] = 9, ["T"] = 24, ["L"] = 24 }, counts);
    }

    [Fact]
    public void Every_image_is_distinct_and_shows_four_ink_pixels()
    {
        var images = TetrisImages.Generate();
        Assert.All(images, i => Assert.Equal(4, i.Pixels.Count(p => p == 1f)));
        Assert.Equal(images.Count, images.Select(i => string.Join("", i.Pixels)).Distinct().Count());
    }

    [Fact]
    public void Round_trips_through_parquet()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tetris-{Guid.NewGuid():N}.parquet");
        try
        {
            var images = TetrisImages.Generate();
            TetrisImageFile.Write(path, images);
            var back = TetrisImageFile.Read(path);
            Assert.Equal(images.Count, back.Count);
            for (var i = 0; i < images.Count; i++)
            {
                Assert.Equal(images[i] with { Pixels = [] }, back[i] with { Pixels = [] });
                Assert.Equal(images[i].Pixels, back[i].Pixels);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
