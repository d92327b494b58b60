namespace WeightSpace.Tests;

/// <summary>
/// Golden-file assertions for rendered output. Set UPDATE_GOLDEN=1 to rewrite the files in the
/// source tree after a deliberate change, then review the diff.
/// </summary>
public static class Golden
{
    public static void AssertMatches(string relativePath, string actual)
    {
        var source = Path.Combine(SourceFolder(), relativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, actual);
        }
        Assert.True(File.Exists(source), $"golden file {source} is missing; run the test with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(source).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
