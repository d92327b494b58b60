using WeightSpace.Core.Pipeline;

namespace WeightSpace.Stages;

public static class Diffs
{
    public static int Metrics(ProjectPaths paths, CommandLine cli) => throw new NotImplementedException();
    public static int Params(ProjectPaths paths, CommandLine cli) => throw new NotImplementedException();
}
