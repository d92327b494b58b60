using System.Text.Json.Nodes;

namespace WeightSpace.Tests.BadInput;

/// <summary>The params.json mistakes of the bad-input corpus: each kind in the base values and in each profile.</summary>
public static class ParamsCorpus
{
    public static readonly IReadOnlyList<ParamsCase> Cases =
    [
        // unknown key
        new("unknown-key-in-base", Set("tetris_training.epochz", "3"), "smoke", ["unknown key 'tetris_training.epochz'"]),
        new("unknown-key-in-smoke", Set("profiles.smoke.attention.epochz", "3"), null, ["profile 'smoke'", "'attention.epochz'"]),
        new("unknown-key-in-thesis", Set("profiles.thesis.run.sead", "3"), "smoke", ["profile 'thesis'", "'run.sead'"]),
        new("unknown-section", Set("tetris_trainng", "{}"), null, ["unknown key 'tetris_trainng'"]),
        // wrong type, including a base value that a profile masks
        new("wrong-type-in-base-masked-by-smoke", Set("tetris_training.epochs", "\"75\""), "smoke", ["'tetris_training.epochs' has the wrong type (expected an integer)"]),
        new("wrong-type-in-smoke", Set("profiles.smoke.tetris_seed.models", "\"60\""), null, ["profile 'smoke'", "'tetris_seed.models' has the wrong type"]),
        new("wrong-type-in-thesis", Set("profiles.thesis.attention.epochs", "true"), "smoke", ["profile 'thesis'", "'attention.epochs' has the wrong type"]),
        new("list-where-a-number-belongs", Set("split.train", "[0.7]"), null, ["'split.train' has the wrong type (expected a number)"]),
        new("null-value", Set("run.device", "null"), "smoke", ["'run.device' has the wrong type"]),
        // missing key
        new("missing-key-in-base", Remove("tetris_training.noise_std"), "smoke", ["missing key(s) under 'tetris_training'", "noise_std"]),
        new("missing-section", Remove("report"), "thesis", ["missing key(s)", "report"]),
        // out of range
        new("out-of-range-in-base-masked-by-smoke", Set("tetris_seed.models", "1"), "smoke", ["'tetris_seed.models' = 1 is out of range"]),
        new("out-of-range-in-smoke", Set("profiles.smoke.attention.epochs", "0"), null, ["profile 'smoke'", "'attention.epochs' = 0 is out of range"]),
        new("out-of-range-in-thesis", Set("profiles.thesis.attention.patience", "0"), "smoke", ["profile 'thesis'", "'attention.patience' = 0 is out of range"]),
        new("value-not-allowed", Set("tetris_training.optimizer", "\"adagrad\""), "smoke", ["'tetris_training.optimizer'", "'sgd', 'adam'"]),
        new("list-item-not-allowed", Set("tetris_hyper.activations", "[\"relu\", \"gelu\"]"), null, ["'tetris_hyper.activations[1]' = \"gelu\"", "'relu', 'tanh'"]),
        // non-finite numbers
        new("non-finite-in-base", Set("tetris_training.learning_rate", "1e999"), "smoke", ["'tetris_training.learning_rate' = 1e999 is not a finite number"]),
        new("non-finite-in-smoke", Set("profiles.smoke.tetris_training.noise_std", "-1e400"), null, ["'profiles.smoke.tetris_training.noise_std' = -1e400 is not a finite number"]),
        new("non-finite-in-thesis", Set("profiles.thesis.attention.epochs", "1e999"), "smoke", ["'profiles.thesis.attention.epochs' = 1e999"]),
        // duplicate keys
        new("duplicate-key-in-base", Set("tetris_training.epochs", "75, \"epochs\": 76"), "smoke", ["key 'tetris_training.epochs' appears twice"]),
        new("duplicate-key-in-smoke", Set("profiles.smoke.tetris_seed.models", "60, \"models\": 61"), null, ["key 'profiles.smoke.tetris_seed.models' appears twice"]),
        new("duplicate-key-in-thesis", Set("profiles.thesis.attention.epochs", "8000, \"epochs\": 8001"), "smoke", ["key 'profiles.thesis.attention.epochs' appears twice"]),
        new("duplicate-section", Set("report", "{ \"significant_digits\": 3 }, \"report\": { \"significant_digits\": 4 }"), null, ["key 'report' appears twice"]),
        // split fractions that leave no test models, checked up front
        new("split-over-one-in-base", Set("split.train", "0.9", "split.validation", "0.3"), "smoke", ["'split.train' and 'split.validation'", "must be below 1"]),
        new("split-over-one-in-smoke", Set("profiles.smoke.split", "{ \"train\": 0.95, \"validation\": 0.05 }"), null, ["profile 'smoke'", "'split.train' and 'split.validation'"]),
        // the file as a whole
        new("not-json", text => text.Replace("\"seed\": 0,", "\"seed\": 0,,"), null, ["not valid JSON"]),
        new("unknown-profile-asked", text => text, "fast", ["unknown profile 'fast'", "smoke", "thesis"]),
        new("profile-not-an-object", Set("profiles.smoke", "[1, 2]"), null, ["profile 'smoke' must be an object"]),
        new("profile-overrides-an-unknown-section", Set("profiles.thesis.attentio", "{}"), "smoke", ["profile 'thesis'", "unknown key 'attentio'"]),
    ];

    /// <summary>Sets dotted keys to raw JSON text (which may be invalid on purpose: 1e999, a repeated key).</summary>
    private static Func<string, string> Set(params string[] pathsAndValues) => text =>
    {
        var root = JsonNode.Parse(text)!.AsObject();
        var raw = new List<(string Marker, string Value)>();
        for (var i = 0; i < pathsAndValues.Length; i += 2)
        {
            var (parent, key) = Parent(root, pathsAndValues[i], create: true);
            var marker = $"__raw_{i}__";
            parent[key] = marker;
            raw.Add(($"\"{marker}\"", pathsAndValues[i + 1]));
        }
        var result = root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        foreach (var (marker, value) in raw) result = result.Replace(marker, value);
        return result;
    };

    private static Func<string, string> Remove(string path) => text =>
    {
        var root = JsonNode.Parse(text)!.AsObject();
        var (parent, key) = Parent(root, path, create: false);
        Assert.True(parent.Remove(key), $"params.json has no key {path} to remove");
        return root.ToJsonString();
    };

    private static (JsonObject Parent, string Key) Parent(JsonObject root, string path, bool create)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                Assert.True(create, $"params.json has no object {part} on the way to {path}");
                node[part] = child = new JsonObject();
            }
            node = child;
        }
        return (node, parts[^1]);
    }
}
