using System.Globalization;

namespace WeightSpace.Stages;

/// <summary>
/// The runner's arguments: a verb, positional names, and --key[=value] options. Deliberately
/// small: the Cake graph is the user-facing interface, this is what its tasks call.
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

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var names = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var a in args.Skip(1))
        {
            if (!a.StartsWith("--", StringComparison.Ordinal)) { names.Add(a); continue; }
            var eq = a.IndexOf('=');
            if (eq < 0) options[a[2..]] = null;
            else options[a[2..eq]] = a[(eq + 1)..];
        }
        return new CommandLine(args.Count > 0 ? args[0] : "help", names, options);
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Get(string name, string fallback) => _options.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : fallback;

    /// <summary>--name=N as an integer, or <paramref name="fallback"/> when absent; a malformed value names the option.</summary>
    public int Get(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>--name=X as a number, or <paramref name="fallback"/> when absent; a malformed value names the option.</summary>
    public double Get(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        if (Get(name) is not { Length: > 0 } text) return fallback;
        try { return parse(text); }
        catch (FormatException) { throw new UsageException($"{Verb}: --{name}={text} is not a {typeof(T).Name.ToLowerInvariant()}"); }
        catch (OverflowException) { throw new UsageException($"{Verb}: --{name}={text} is out of range"); }
    }

    /// <summary>Options not in <paramref name="known"/>: a typo must not be silently ignored.</summary>
    public IEnumerable<string> Unknown(params string[] known) => _options.Keys.Where(k => !known.Contains(k));

    /// <summary>--force alone (or =all/=true) forces every stage; --force=a,b forces those.</summary>
    public bool Forces(string stage)
    {
        if (!_options.TryGetValue("force", out var v)) return false;
        if (string.IsNullOrEmpty(v) || v is "all" or "true") return true;
        return v.Split(',', StringSplitOptions.TrimEntries).Contains(stage);
    }
}
