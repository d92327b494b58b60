namespace WeightSpace.Core.Cnn;

/// <summary>
/// Derived seeds that are the same on every run and machine (System.HashCode is randomised per
/// process, so it must never seed anything): splitmix64 over the parts, folded to an int.
/// </summary>
public static class Seeds
{
    public static int Mix(params long[] parts)
    {
        var x = 0x243F6A8885A308D3UL;
        foreach (var p in parts)
        {
            x += (ulong)p + 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
        }
        return (int)(x & 0x7FFFFFFF);
    }
}
