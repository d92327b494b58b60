namespace WeightSpace.Tests;

/// <summary>Element-wise tolerance comparison of sequences (xunit 2 has it only for scalars).</summary>
internal static class AssertClose
{
    public static void All(IEnumerable<double> expected, IEnumerable<double> actual, double tolerance)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"at index {i}: expected {e[i]:R}, got {a[i]:R} (tolerance {tolerance})");
    }
}
