using WeightSpace.Core.Pipeline;

namespace WeightSpace.Stages;

/// <summary>Every stage of the pipeline in dependency order, each given only its params sections.</summary>
public static class StageCatalog
{
    public static IReadOnlyList<IStage> Create(PipelineParams p) => [];
}
