namespace WeightSpace.Stages;

/// <summary>
/// The README's stage graph is generated: `stages --graph --readme` writes the drawing into the
/// block after the marker, so a new stage never means pasting by hand (a test checks the block is current).
/// </summary>
public static class ReadmeGraph
{
    public const string Marker = "<!-- stages --graph -->\n```\n";

    /// <summary>The drawing the README holds now, or null when it has no marked block.</summary>
    public static string? Shown(string readme)
    {
        var from = readme.IndexOf(Marker, StringComparison.Ordinal);
        if (from < 0) return null;
        from += Marker.Length;
        return readme[from..readme.IndexOf("```", from, StringComparison.Ordinal)];
    }

    /// <summary>The README with <paramref name="drawing"/> in its marked block.</summary>
    public static string With(string readme, string drawing)
    {
        var shown = Shown(readme) ?? throw new UsageException("README.md has no block marked <!-- stages --graph -->");
        var from = readme.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return readme[..from] + drawing + readme[(from + shown.Length)..];
    }
}
