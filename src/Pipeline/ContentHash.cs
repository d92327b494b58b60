using System.IO.Hashing;
using System.Text;

namespace WeightSpace.Pipeline;

/// <summary>xxHash128 as lowercase hex: fast enough that hashing is never the slow part of a no-op run.</summary>
public static class ContentHash
{
    public static string OfFile(string path)
    {
        var hasher = new XxHash128();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        hasher.Append(stream);
        return Convert.ToHexStringLower(hasher.GetCurrentHash());
    }

    public static string OfText(string text) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
}
