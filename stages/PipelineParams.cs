using System.Reflection;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// params.json, typed: one section per record marked <see cref="ParamsSectionAttribute"/> (each beside
/// the stage that reads it). A stage is handed only the sections its constructor names, so its cache
/// key covers every knob it can read. Unknown keys and sections, missing ones, wrong types and
/// out-of-range values are rejected before anything runs (see ParamsFile).
/// </summary>
public sealed class PipelineParams
{
    /// <summary>Every section of params.json: its name -> its record type.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Sections = typeof(PipelineParams).Assembly.GetTypes()
        .Select(type => (type, section: type.GetCustomAttribute<ParamsSectionAttribute>()))
        .Where(t => t.section is not null)
        .ToDictionary(t => t.section!.Name, t => t.type, StringComparer.Ordinal);

    private static readonly Dictionary<Type, string> SectionNames = Sections.ToDictionary(s => s.Value, s => s.Key);

    private readonly IReadOnlyDictionary<string, object> _values;

    /// <param name="values">section name -> its record, for every section.</param>
    public PipelineParams(IReadOnlyDictionary<string, object> values)
    {
        var missing = Sections.Keys.Where(s => !values.ContainsKey(s)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"no value for section(s) {string.Join(", ", missing)}", nameof(values));
        _values = values;
    }

    /// <summary>Loads params.json with <paramref name="profile"/> applied, every profile validated.</summary>
    public static (LoadedParams Loaded, PipelineParams Value) Load(string path, string? profile)
    {
        var (loaded, values) = ParamsFile.Load(path, profile, Sections, Artifacts.ProfileNameProblem);
        return (loaded, new PipelineParams(values));
    }

    /// <summary>The section a params record type is read from, e.g. RunSettings -> "run".</summary>
    public static string SectionOf(Type record) =>
        SectionNames.TryGetValue(record, out var name) ? name : throw new ArgumentException($"{record.Name} is no params section (it has no [ParamsSection])", nameof(record));

    /// <summary>The value of the section <typeparamref name="T"/> is read from.</summary>
    public T Get<T>() where T : class => (T)Of(typeof(T));

    public object Of(Type record) => _values[SectionOf(record)];
}
