using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace WeightSpace.Pipeline.Params;

/// <summary>
/// A rule across the items of one params list (the order of checkpoints, the two ends of a range):
/// <see cref="ParamsFile"/> judges each item of a list with the value rules (Range, AllowedValues)
/// and the whole list with these, naming the first item that breaks the rule.
/// </summary>
public abstract class ListRuleAttribute : ValidationAttribute
{
    /// <summary>The index of the first item that breaks the rule, or null when the list keeps it.</summary>
    public abstract int? FirstBadItem(IReadOnlyList<object?> items);

    /// <summary>What the rule asks of the list, for the message ("must be strictly increasing").</summary>
    public abstract string Text { get; }

    public sealed override bool IsValid(object? value) =>
        value is not IEnumerable e || value is string || FirstBadItem(e.Cast<object?>().ToList()) is null;

    protected static double Number(object? item) => Convert.ToDouble(item, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Each item is larger than the one before it: no repeats, no step back (checkpoint epochs).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class StrictlyIncreasingAttribute : ListRuleAttribute
{
    public override int? FirstBadItem(IReadOnlyList<object?> items)
    {
        for (var i = 1; i < items.Count; i++)
            if (!(Number(items[i]) > Number(items[i - 1]))) return i;
        return null;
    }

    public override string Text => "must be strictly increasing (no repeats, no step back)";
}

/// <summary>No item appears twice (compared as written, ignoring case for text).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DistinctItemsAttribute : ListRuleAttribute
{
    public override int? FirstBadItem(IReadOnlyList<object?> items)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
            if (!seen.Add(Convert.ToString(items[i], System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "")) return i;
        return null;
    }

    public override string Text => "must not list an item twice";
}

/// <summary>A range written as [lo, hi]: exactly two numbers, lo &lt;= hi.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IntervalAttribute : ListRuleAttribute
{
    public override int? FirstBadItem(IReadOnlyList<object?> items)
    {
        if (items.Count != 2) return null; // the list's length is MinLength/MaxLength's to judge
        return Number(items[0]) <= Number(items[1]) ? null : 1;
    }

    public override string Text => "must be a range [lo, hi] with lo <= hi";
}
