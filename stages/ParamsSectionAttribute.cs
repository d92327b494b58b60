namespace WeightSpace.Stages;

/// <summary>
/// Marks a params record as the typed form of one top-level section of params.json, by name
/// (e.g. "cnn_table8"). <see cref="PipelineParams"/> finds every marked record of this assembly, so a
/// new section is its record and its keys in params.json, nothing else.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ParamsSectionAttribute(string name) : Attribute
{
    public string Name => name;
}
