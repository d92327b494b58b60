using System.IO.Hashing;
using System.Text;

namespace WeightSpace.Pipeline;

/// <summary>xxHash128 as lowercase hex: fast enough that hashing is never the slow part of a no-op run.</summary>
public static class ContentHash
{
    public static string OfFile(string path) => OfFile(path, null);

    /// <param name="progress">Called after each block read with the bytes hashed so far.</param>
    public static string OfFile(string path, Action<long>? progress)
    {
        var hasher = new XxHash128();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var buffer = new byte[1 << 20];
        long done = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
            done += read;
            progress?.Invoke(done);
        }
        return Convert.ToHexStringLower(hasher.GetCurrentHash());
    }

    public static string OfText(string text) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
}
