namespace WeightSpace.Tests.Report;

/// <summary>Chromium runs are heavy on 2 cores: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Headless Chromium";
}
