using System.Text.Json;
using System.Text.Json.Nodes;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

/// <summary>
/// Every stage is built from its params records alone: changing any value it reads changes its key
/// (and what it is built from), and changing a value of another section changes neither.
/// </summary>
public sealed class StageParamsTests
{
    private static readonly ProjectPaths Repo = ProjectPaths.Discover(AppContext.BaseDirectory);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void Changing_any_value_a_stage_reads_changes_its_key_and_another_section_does_not()
    {
        var loaded = ParamsFile.Read(Repo.Params, null);
        var baseline = Build(loaded.Sections);
        var leaves = JsonFlattening.Flatten(loaded.Sections).Keys.ToList();
        Assert.True(leaves.Count > 30, $"{leaves.Count} params");
        foreach (var leaf in leaves)
        {
            var changed = Build(Changed(loaded.Sections, leaf));
            foreach (var (name, (key, args, sections)) in baseline)
            {
                var reads = sections.Contains(leaf[..leaf.IndexOf('.')]);
                var (newKey, newArgs, _) = changed[name];
                Assert.True(reads == (newKey != key), $"{name}: changing {leaf} {(reads ? "left its key alone" : "changed its key")}");
                Assert.True(reads == (newArgs != args), $"{name}: changing {leaf} {(reads ? "left what it is built from alone" : "changed what it is built from")}");
            }
        }
    }

    [Fact]
    public void A_stage_is_built_only_from_records_an_instance_name_and_upstream_outputs()
    {
        var (_, parameters) = PipelineParams.Load(Repo.Params, null);
        foreach (var entry in StageCatalog.Create(parameters))
            Assert.All(entry.Arguments, a => Assert.True(a is string or UpstreamOutputs or RunProfile || PipelineParams.Sections.Values.Contains(a.GetType()),
                $"{entry.Name} is built from a {a.GetType().Name}"));
        Assert.Throws<InvalidOperationException>(() => new StageBuilder(parameters, "default").Add<TakesASeed>());
    }

    private sealed class TakesASeed(int seed) : IStage
    {
        public string Name => $"seed-{seed}";
        public string Description => "";
        public IReadOnlyList<string> Deps => [];
        public IReadOnlyList<string> Outs => [];
        public void Run(StageContext context) { }
    }

    /// <summary>Per stage: its params slice as hashed into the key, the JSON of its constructor arguments, its sections.</summary>
    private static Dictionary<string, (string Key, string Args, IReadOnlyList<string> Sections)> Build(JsonObject sections)
    {
        // Bound without validation: a changed value may leave its range (the key must change all the same).
        var parameters = new PipelineParams(PipelineParams.Sections.ToDictionary(s => s.Key, s => sections[s.Key].Deserialize(s.Value, Json)!));
        var result = new Dictionary<string, (string, string, IReadOnlyList<string>)>();
        foreach (var entry in StageCatalog.Create(parameters))
        {
            var slice = new SortedDictionary<string, JsonNode?>(entry.ParamSections.ToDictionary(s => s, s => sections[s]?.DeepClone()), StringComparer.Ordinal);
            var key = new StageFingerprint(entry.Name, slice, [], [], entry.Stage.Outs).Key();
            result[entry.Name] = (key, JsonSerializer.Serialize(entry.Arguments.Where(a => a is not UpstreamOutputs).ToList(), Json), entry.ParamSections);
        }
        return result;
    }

    /// <summary>A copy of the params with one leaf changed (numbers +1, strings and arrays extended, booleans flipped).</summary>
    private static JsonObject Changed(JsonObject sections, string leaf)
    {
        var copy = (JsonObject)sections.DeepClone();
        var path = leaf.Split('.');
        var parent = path[..^1].Aggregate((JsonNode)copy, (node, k) => node[k]!);
        var value = parent[path[^1]];
        parent[path[^1]] = value switch
        {
            JsonArray array => new JsonArray([.. array.Select(v => v?.DeepClone()), array.Count > 0 ? array[0]!.DeepClone() : JsonValue.Create(1)]),
            JsonValue v when v.TryGetValue<int>(out var i) => JsonValue.Create(i + 1),
            JsonValue v when v.TryGetValue<double>(out var d) => JsonValue.Create(d + 0.5),
            JsonValue v when v.TryGetValue<bool>(out var b) => JsonValue.Create(!b),
            JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(s + "x"),
            _ => throw new InvalidOperationException($"cannot change {leaf}"),
        };
        return copy;
    }
}
