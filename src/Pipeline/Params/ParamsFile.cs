using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Pipeline.Params;

/// <summary>
/// Reads params.json: top-level sections, one per stage (or shared group of stages), plus
/// "profiles": named partial overrides of those sections (e.g. "smoke" for CI). Everything is
/// validated before any stage runs: unknown keys, wrong types, missing keys and out-of-range values
/// are errors naming the key.
/// </summary>
public static class ParamsFile
{
    public const string DefaultProfile = "default";

    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// Loads, applies <paramref name="profile"/> and binds to <typeparamref name="T"/>. Before
    /// that, the base values and EVERY profile are bound and validated, so a mistake anywhere in
    /// the file stops every run, whichever profile it asks for (a base value a profile overrides
    /// would otherwise pass the profile's runs and fail only the default one, hours later).
    /// </summary>
    public static (LoadedParams Loaded, T Value) Load<T>(string path, string? profile) => Load(path, profile, Bind<T>);

    /// <summary>
    /// As <see cref="Load{T}(string, string?)"/>, binding each top-level section to its own type:
    /// <paramref name="sections"/> maps every section name to its record type (a schema the caller
    /// discovers, e.g. from attributes). Returns section name -> bound record.
    /// </summary>
    /// <param name="profileNameProblem">what is wrong with a profile's name for the caller (e.g. it
    /// cannot name a report folder), or null when nothing is; every profile of the file is judged.</param>
    public static (LoadedParams Loaded, IReadOnlyDictionary<string, object> Value) Load(string path, string? profile, IReadOnlyDictionary<string, Type> sections,
        Func<string, string?>? profileNameProblem = null) =>
        Load(path, profile, loaded => Bind(loaded, sections), profileNameProblem);

    private static (LoadedParams Loaded, T Value) Load<T>(string path, string? profile, Func<LoadedParams, T> bind, Func<string, string?>? profileNameProblem = null)
    {
        var name = string.IsNullOrEmpty(profile) ? DefaultProfile : profile;
        var (root, profiles) = ReadRoot(path);
        CheckProfileNames(path, profiles, profileNameProblem);
        if (name != DefaultProfile && (profiles is null || !profiles.ContainsKey(name)))
            throw UnknownProfile(path, name, profiles);
        bind(new LoadedParams((JsonObject)root.DeepClone(), DefaultProfile, path));
        foreach (var (other, _) in profiles ?? [])
            bind(Apply(root, profiles, other, path));
        var loaded = Apply(root, profiles, name, path);
        return (loaded, bind(loaded));
    }

    public static LoadedParams Read(string path, string? profile)
    {
        var (root, profiles) = ReadRoot(path);
        return Apply(root, profiles, string.IsNullOrEmpty(profile) ? DefaultProfile : profile, path);
    }

    /// <summary>The sections (a fresh copy) with one profile's overrides applied.</summary>
    private static LoadedParams Apply(JsonObject root, JsonObject? profiles, string name, string path)
    {
        var sections = (JsonObject)root.DeepClone();
        if (name != DefaultProfile)
        {
            if (profiles is null || !profiles.TryGetPropertyValue(name, out var overrides))
                throw UnknownProfile(path, name, profiles);
            if (overrides is not JsonObject o)
                throw new ParamsException($"{path}: profile '{name}' must be an object of sections to override");
            Merge(sections, o, "", $"{path} (profile '{name}')");
        }
        return new LoadedParams(sections, name, path);
    }

    /// <summary>
    /// A profile named "default" would never be applied (that name asks for the base values), so it is
    /// refused, as is a name the caller cannot use (<paramref name="problem"/>), naming the key.
    /// </summary>
    private static void CheckProfileNames(string path, JsonObject? profiles, Func<string, string?>? problem)
    {
        foreach (var (name, _) in profiles ?? [])
        {
            if (string.Equals(name, DefaultProfile, StringComparison.OrdinalIgnoreCase))
                throw new ParamsException($"{path}: key 'profiles.{name}': a profile may not be named '{DefaultProfile}' (that name means the base values, so its overrides would never apply); put them in the base values or rename the profile");
            if (problem?.Invoke(name) is { } text)
                throw new ParamsException($"{path}: key 'profiles.{name}': {text}");
        }
    }

    private static ParamsException UnknownProfile(string path, string name, JsonObject? profiles) =>
        new($"{path}: unknown profile '{name}'; profiles are: {string.Join(", ", [DefaultProfile, .. profiles?.Select(p => p.Key) ?? []])}");

    /// <summary>Parses the file: the sections, and the "profiles" object (removed from the sections).</summary>
    private static (JsonObject Root, JsonObject? Profiles) ReadRoot(string path)
    {
        if (!System.IO.File.Exists(path)) throw new ParamsException($"{path} does not exist");
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParamsException($"{path}: cannot be read ({e.Message})");
        }
        JsonObject root;
        try
        {
            // JsonObject would throw a bare ArgumentException on a repeated key, and an overflowing
            // number (1e999) would surface later as a misleading type error: check both first.
            CheckNumbersAndDuplicates(text, path);
            root = JsonNode.Parse(text) as JsonObject
                   ?? throw new ParamsException($"{path}: the top level must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ParamsException($"{path}: not valid JSON ({e.Message})");
        }
        var profilesNode = root["profiles"];
        if (profilesNode is not null and not JsonObject)
            throw new ParamsException($"{path}: 'profiles' must be an object of named profiles");
        root.Remove("profiles");
        return (root, profilesNode as JsonObject);
    }

    /// <summary>Every object's keys are distinct and every number is finite as a double.</summary>
    private static void CheckNumbersAndDuplicates(string text, string path)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = true });
        Walk(document.RootElement, "");

        void Walk(JsonElement element, string key)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        var child = Join(key, property.Name);
                        if (!seen.Add(property.Name))
                            throw new ParamsException($"{path}: key '{child}' appears twice; each key may appear once");
                        Walk(property.Value, child);
                    }
                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in element.EnumerateArray()) Walk(item, $"{key}[{i++}]");
                    break;
                case JsonValueKind.Number:
                    if (!element.TryGetDouble(out var d) || !double.IsFinite(d))
                        throw new ParamsException($"{path}: key '{key}' = {element.GetRawText()} is not a finite number");
                    break;
            }
        }
    }

    /// <summary>Deserializes strictly and checks every [Range]/[AllowedValues]/[MinLength] attribute.</summary>
    public static T Bind<T>(LoadedParams loaded)
    {
        var where = Where(loaded);
        T? value;
        try
        {
            value = loaded.Sections.Deserialize<T>(Strict);
        }
        catch (JsonException e)
        {
            throw new ParamsException($"{where}: {Describe(e, typeof(T), "")}");
        }
        if (value is null) throw new ParamsException($"{where}: empty");
        Validate(value, "", where);
        return value;
    }

    /// <summary>
    /// Binds each section to its type in <paramref name="sections"/>, as strictly as <see cref="Bind{T}"/>
    /// binds the whole file: a section the schema lacks is an unknown key, a missing one a missing key.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Bind(LoadedParams loaded, IReadOnlyDictionary<string, Type> sections)
    {
        var where = Where(loaded);
        foreach (var (name, _) in loaded.Sections)
            if (!sections.ContainsKey(name)) throw new ParamsException($"{where}: unknown key '{name}'");
        var missing = sections.Keys.Where(name => !loaded.Sections.ContainsKey(name)).Order(StringComparer.Ordinal).Select(name => $"'{name}'").ToList();
        if (missing.Count > 0) throw new ParamsException($"{where}: missing key(s) under '(top level)': {string.Join(", ", missing)}");
        // Every section is read before any is validated, as when the whole file binds to one type.
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, node) in loaded.Sections)
        {
            var type = sections[name];
            try
            {
                values[name] = node.Deserialize(type, Strict) ?? throw new ParamsException($"{where}: key '{name}' has the wrong type (expected {FriendlyType(type)})");
            }
            catch (JsonException e)
            {
                throw new ParamsException($"{where}: {Describe(e, type, name)}");
            }
        }
        foreach (var (name, value) in values) Validate(value, name, where);
        return values;
    }

    private static string Where(LoadedParams loaded) => loaded.Profile == DefaultProfile ? loaded.File : $"{loaded.File} (profile '{loaded.Profile}')";

    /// <summary>The problem, naming its key: <paramref name="prefix"/> is the key of the object that <paramref name="root"/> was read from.</summary>
    private static string Describe(JsonException e, Type root, string prefix)
    {
        var relative = (e.Path ?? "$").TrimStart('$').TrimStart('.');
        var key = relative.Length == 0 ? prefix : Join(prefix, relative);
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown key '{key}'";
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = message.IndexOf("including: ", StringComparison.Ordinal);
            var names = start < 0 ? "" : message[(start + 11)..].Trim().TrimEnd('.');
            return $"missing key(s) under '{(key.Length == 0 ? "(top level)" : key)}': {names}";
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal) || message.Contains("null", StringComparison.OrdinalIgnoreCase))
            return $"key '{key}' has the wrong type (expected {FriendlyType(TypeAt(root, relative))})";
        return $"key '{key}': {message}";
    }

    /// <summary>The declared type of the property a dotted key names (null if it names none).</summary>
    private static Type? TypeAt(Type root, string key)
    {
        Type? type = root;
        foreach (var segment in key.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            type = type?.GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == name)?.PropertyType;
            if (segment.Contains('[') && type is not null && type != typeof(string))
                type = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
        }
        return type;
    }

    private static string FriendlyType(Type? type) => Type.GetTypeCode(Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type) switch
    {
        TypeCode.Int32 or TypeCode.Int64 => "an integer",
        TypeCode.Double or TypeCode.Single => "a number",
        TypeCode.Boolean => "true or false",
        TypeCode.String => "a string",
        _ when type is not null && typeof(IEnumerable).IsAssignableFrom(type) => "a list",
        _ => "an object",
    };

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    /// <summary>Applies a profile: objects merge key by key; anything else replaces. Keys must exist.</summary>
    private static void Merge(JsonObject target, JsonObject overrides, string prefix, string where)
    {
        foreach (var (key, value) in overrides.ToList())
        {
            var path = Join(prefix, key);
            if (!target.TryGetPropertyValue(key, out var existing))
                throw new ParamsException($"{where}: unknown key '{path}' (a profile can only override keys that params.json defines)");
            if (existing is JsonObject eo && value is JsonObject vo) Merge(eo, vo, path, where);
            else target[key] = value?.DeepClone();
        }
    }

    private static void Validate(object value, string prefix, string where)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            var key = Join(prefix, JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            var current = property.GetValue(value);
            // Length rules judge the list first; then value rules (Range, AllowedValues) judge each
            // item, named by its index; then the rules across items (order, [lo, hi]).
            var checks = property.GetCustomAttributes<ValidationAttribute>().ToList();
            foreach (var rule in checks.Where(r => r is MinLengthAttribute or MaxLengthAttribute or LengthAttribute))
                if (!rule.IsValid(current))
                    throw new ParamsException($"{where}: key '{key}' = {Show(current)} is out of range: {RuleText(rule)}");
            var list = current is IEnumerable e and not string ? e.Cast<object?>().ToList() : null;
            foreach (var rule in checks.Where(r => r is not (MinLengthAttribute or MaxLengthAttribute or LengthAttribute or ListRuleAttribute)))
            {
                if (list is null)
                {
                    if (!rule.IsValid(current))
                        throw new ParamsException($"{where}: key '{key}' = {Show(current)} is out of range: {RuleText(rule)}");
                    continue;
                }
                for (var i = 0; i < list.Count; i++)
                    if (!rule.IsValid(list[i]))
                        throw new ParamsException($"{where}: key '{key}[{i}]' = {Show(list[i])} is out of range: {RuleText(rule)}");
            }
            foreach (var rule in checks.OfType<ListRuleAttribute>())
                if (list is not null && rule.FirstBadItem(list) is { } bad)
                    throw new ParamsException($"{where}: key '{key}[{bad}]' = {Show(list[bad])} is out of range: '{key}' = {Show(current)} {rule.Text}");
            if (current is not null && IsSection(property.PropertyType)) Validate(current, key, where);
        }
        // Rules across keys of one section (e.g. split fractions that must leave a test part).
        if (value is IValidatableObject rules)
            foreach (var result in rules.Validate(new ValidationContext(value)))
            {
                var keys = result.MemberNames.Select(m => $"'{Join(prefix, JsonNamingPolicy.SnakeCaseLower.ConvertName(m))}'");
                throw new ParamsException($"{where}: {string.Join(" and ", keys)}: {result.ErrorMessage}");
            }
    }

    private static bool IsSection(Type t) => t.IsClass && t != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(t);

    private static string Show(object? value) => JsonSerializer.Serialize(value);

    private static string RuleText(ValidationAttribute rule) => rule switch
    {
        RangeAttribute r => $"must be in {(r.MinimumIsExclusive ? "(" : "[")}{Bound(r.Minimum)}, {Bound(r.Maximum)}{(r.MaximumIsExclusive ? ")" : "]")}",
        AllowedValuesAttribute a => $"must be one of {string.Join(", ", a.Values.Select(v => $"'{v}'"))}",
        MinLengthAttribute m => $"must have at least {m.Length} item(s)",
        MaxLengthAttribute m => $"must have at most {m.Length} item(s)",
        _ when rule.ErrorMessage is { Length: > 0 } text => text,
        _ => rule.GetType().Name.Replace("Attribute", ""),
    };

    private static string Bound(object bound) => Convert.ToString(bound, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
