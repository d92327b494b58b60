using System.Globalization;

namespace WeightSpace.Stages;

/// <summary>
/// The runner's arguments: a verb, positional names, and --key[=value] options. Deliberately
/// small: the Cake graph is the user-facing interface, this is what its tasks call. Every mistake
/// is a <see cref="UsageException"/> naming the argument: an empty value (--key=), an option the
/// verb does not know (with the closest known name), a number that is malformed, not finite or
/// out of its range.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options;

    private CommandLine(string verb, IReadOnlyList<string> names, Dictionary<string, string?> options)
    {
        Verb = verb;
        Names = names;
        _options = options;
    }

    public string Verb { get; }
    public IReadOnlyList<string> Names { get; }

    /// <exception cref="UsageException">an option with an empty name or an empty value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var verb = args.Count > 0 ? args[0] : "help";
        var names = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var a in args.Skip(1))
        {
            if (!a.StartsWith("--", StringComparison.Ordinal)) { names.Add(a); continue; }
            var eq = a.IndexOf('=');
            var name = eq < 0 ? a[2..] : a[2..eq];
            if (name.Length == 0) throw new UsageException($"{verb}: '{a}' names no option");
            // --key= is always a mistake: for --profile= or --force= it would silently mean "default" or "every stage".
            if (eq >= 0 && eq == a.Length - 1) throw new UsageException($"{verb}: --{name}= has an empty value");
            options[name] = eq < 0 ? null : a[(eq + 1)..];
        }
        return new CommandLine(verb, names, options);
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Get(string name, string fallback) => _options.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : fallback;

    /// <summary>--name=N as an integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent; a malformed or out-of-range value names the option.</summary>
    public int Get(string name, int fallback, int min = 0, int max = int.MaxValue) =>
        Parse(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), v => v >= min && v <= max, $"{min}..{max}");

    /// <summary>--name=X as a finite number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent; NaN, infinities and values out of range name the option.</summary>
    public double Get(string name, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        Parse(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), v => double.IsFinite(v) && v >= min && v <= max,
            $"a finite number{(min > double.MinValue ? $" >= {min.ToString(CultureInfo.InvariantCulture)}" : "")}{(max < double.MaxValue ? $" <= {max.ToString(CultureInfo.InvariantCulture)}" : "")}");

    private T Parse<T>(string name, T fallback, Func<string, T> parse, Func<T, bool> inRange, string range)
    {
        if (Get(name) is not { } text)
        {
            if (Has(name)) throw new UsageException($"{Verb}: --{name} needs a value (--{name}=...)");
            return fallback;
        }
        T value;
        try { value = parse(text); }
        catch (FormatException) { throw new UsageException($"{Verb}: --{name}={text} is not {(typeof(T) == typeof(int) ? "an integer" : "a number")}"); }
        catch (OverflowException) { throw new UsageException($"{Verb}: --{name}={text} is out of range (expected {range})"); }
        if (!inRange(value)) throw new UsageException($"{Verb}: --{name}={text} is out of range (expected {range})");
        return value;
    }

    /// <summary>Options not in <paramref name="known"/>: a typo must not be silently ignored.</summary>
    public IEnumerable<string> Unknown(params string[] known) => _options.Keys.Where(k => !known.Contains(k));

    /// <summary>The stages --force names: null when absent, every stage for --force (or =all/=true), else the listed names.</summary>
    public IReadOnlyList<string>? ForcedNames()
    {
        if (!_options.TryGetValue("force", out var v)) return null;
        if (v is null or "all" or "true") return ["all"];
        return v.Split(',', StringSplitOptions.TrimEntries);
    }

    /// <summary>--force alone (or =all/=true) forces every stage; --force=a,b forces those.</summary>
    public bool Forces(string stage) => ForcedNames() is { } names && (names is ["all"] || names.Contains(stage));

    /// <summary>
    /// The error for <paramref name="name"/>, which is not one of <paramref name="known"/> (a
    /// "--option" or a stage, as <paramref name="what"/> says), with the closest known names.
    /// </summary>
    public static string NotKnown(string what, string name, IEnumerable<string> known, string prefix = "")
    {
        var close = Closest(name, known);
        return close.Count > 0
            ? $"unknown {what} '{prefix}{name}'; did you mean {string.Join(" or ", close.Select(c => $"'{prefix}{c}'"))}?"
            : $"unknown {what} '{prefix}{name}'; expected one of {string.Join(", ", known.Select(k => prefix + k))}";
    }

    /// <summary>The known names within a small edit distance of <paramref name="name"/> (typos), or that contain it, closest first.</summary>
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> known)
    {
        var lower = name.ToLowerInvariant();
        return known.Select(k => (Name: k, Distance: Distance(lower, k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, lower.Length / 3) || (lower.Length >= 3 && k.Name.Contains(lower, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal).Take(3).Select(k => k.Name).ToList();
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions; a swap of neighbours counts as one).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
