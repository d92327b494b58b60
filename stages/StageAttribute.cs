namespace WeightSpace.Stages;

/// <summary>
/// Marks a pipeline stage: <see cref="StageCatalog"/> builds every [Stage] class of this assembly,
/// once, or once per item of its <c>public static IEnumerable&lt;string&gt; Instances</c> when its
/// constructor takes an instance name (a zoo, an image set). The graph orders the stages (a stage
/// follows every stage whose output it reads); <see cref="Order"/> only breaks ties among stages the
/// graph leaves unordered (the branches under one stage in `stages --graph`, the listing of `stages`
/// and `status`), in steps of ten along the pipeline so that a new stage fits between two.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StageAttribute : Attribute
{
    public int Order { get; set; }
}
