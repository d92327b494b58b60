// What each target accepts on the command line, checked before anything runs (no build, no stage):
// an argument a target does not take (a typo: --profle=smoke would silently run the default
// profile), an empty value, a --force name that is no stage, a profile name that cannot name a
// report folder: one line naming the argument, with the closest known names, and exit code 2.
// Cake's own options (--verbosity, --description, ...) never reach the script's arguments. An empty
// value written as --key= is refused by Cake 7's own parser (Spectre.Console.Cli) before the script is
// compiled (exit 255, its own message): no code here can catch it. `--key ""` reaches the check below.

// Every target takes --target; a stage task also takes the stage options below (the Slurm executor's:
// docs/cluster.md; the cache remote's, remote and push: docs/remote.md).
var StageArguments = new[] { "profile", "force", "dry-run", "verify", "root", "remote", "push", "executor", "partition", "account", "time", "sbatch-args", "detach" };
var SlurmOnlyArguments = new[] { "partition", "account", "time", "sbatch-args", "detach" };
var TargetArguments = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
{
    ["Status"] = new[] { "profile", "verify", "root" },
    ["Times"] = new[] { "write", "root" },
    ["Clean"] = new[] { "cache", "root" },
    ["Test"] = new string[0],
    ["MetricsDiff"] = new[] { "base", "head", "profile", "root" },
    ["CheckNumbers"] = new[] { "stages", "keep", "root" },
    ["Push"] = new[] { "profile", "remote", "root" },
    ["Pull"] = new[] { "profile", "remote", "root" },
    // The bench program checks its own options (with the same one-line errors); Cake passes them on.
    ["Bench"] = null,
};
// Arguments that are flags: present or not, no value.
var FlagArguments = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "dry-run", "cache", "verify", "keep", "detach", "write", "push" };

void UsageError(string message)
{
    Console.Error.WriteLine($"error: {message}");
    Environment.Exit(2);
}

// The known names within a small edit distance of name, or containing it, closest first.
List<string> ClosestNames(string name, IEnumerable<string> known)
{
    int Distance(string a, string b)
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
    var lower = name.ToLowerInvariant();
    return known.Select(k => (Name: k, Distance: Distance(lower, k.ToLowerInvariant())))
        .Where(k => k.Distance <= Math.Max(2, lower.Length / 3) || (lower.Length >= 3 && k.Name.IndexOf(lower, StringComparison.OrdinalIgnoreCase) >= 0))
        .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal).Take(3).Select(k => k.Name).ToList();
}

string NotKnown(string what, string name, IEnumerable<string> known, string prefix = "")
{
    var close = ClosestNames(name, known);
    return close.Count > 0
        ? $"unknown {what} '{prefix}{name}'; did you mean {string.Join(" or ", close.Select(c => $"'{prefix}{c}'"))}?"
        : $"unknown {what} '{prefix}{name}'; expected one of {string.Join(", ", known.Select(k => prefix + k))}";
}

// Checks the command line against the target's declared arguments; exits with code 2 on the first mistake.
void CheckArguments(string target, IReadOnlyList<string> taskNames, IReadOnlyList<string> stageNames)
{
    var arguments = Context.Arguments.GetArguments();
    if (arguments.TryGetValue("target", out var targets) && (targets.Count != 1 || string.IsNullOrWhiteSpace(targets.First() ?? "")))
        UsageError("--target needs exactly one value (--target=NAME; `dotnet cake --showdescription` lists them)");
    var task = taskNames.FirstOrDefault(t => string.Equals(t, target, StringComparison.OrdinalIgnoreCase));
    if (task == null) UsageError(NotKnown("target", target, taskNames) + " (`dotnet cake --showdescription` lists them)");
    var accepted = TargetArguments.TryGetValue(task, out var declared) ? declared : StageArguments;
    foreach (var argument in arguments)
    {
        var name = argument.Key;
        if (string.Equals(name, "target", StringComparison.OrdinalIgnoreCase)) continue;
        if (accepted != null && !accepted.Contains(name, StringComparer.OrdinalIgnoreCase))
            UsageError(accepted.Length == 0
                ? $"target {task} takes no arguments; got '--{name}'"
                : $"target {task}: {NotKnown("argument", name, accepted, "--")}");
        // A flag (--dry-run) comes as one null value.
        var values = argument.Value.Where(v => v != null).ToList();
        if (values.Any(v => v.Trim().Length == 0)) UsageError($"--{name} has an empty value");
        if (values.Count > 1 && !string.Equals(name, "force", StringComparison.OrdinalIgnoreCase))
            UsageError($"--{name} is given {values.Count} times ({string.Join(", ", values)}); give it once");
        if (FlagArguments.Contains(name) && values.Any(v => v != "true"))
            UsageError($"--{name} takes no value (got --{name}={values.First()})");
        if (!FlagArguments.Contains(name) && values.Count == 0 && !string.Equals(name, "force", StringComparison.OrdinalIgnoreCase) && accepted != null)
            UsageError($"--{name} needs a value (--{name}=...)");
    }
    if (arguments.TryGetValue("profile", out var profiles) && profiles.FirstOrDefault() is string p)
    {
        if (p is "tables" or "figures" || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            UsageError($"--profile={p} cannot name a profile or its report folder (use letters, digits, '-' or '_'; not 'tables' or 'figures')");
    }
    if (arguments.TryGetValue("force", out var forced))
        foreach (var stage in forced.Where(v => v != null).SelectMany(v => v.Split(',')).Select(s => s.Trim()))
            if (stage != "all" && stage != "true" && !stageNames.Contains(stage))
                UsageError($"--force: {NotKnown("stage", stage, stageNames)}");
    var executor = arguments.TryGetValue("executor", out var executors) ? executors.FirstOrDefault() : null;
    if (executor != null && executor != "local" && executor != "slurm")
        UsageError($"--executor={executor}: expected local (the default) or slurm");
    if (executor != "slurm" && SlurmOnlyArguments.FirstOrDefault(arguments.ContainsKey) is string slurmOnly)
        UsageError($"--{slurmOnly} is an option of the Slurm executor: add --executor=slurm");
    if (executor == "slurm" && arguments.ContainsKey("verify"))
        UsageError("--verify is for local runs and Status; the Slurm executor's jobs hash as a local run does");
    if (task == "MetricsDiff" && !arguments.ContainsKey("base"))
        UsageError("target MetricsDiff needs --base=REV (e.g. --base=HEAD~1)");
}
