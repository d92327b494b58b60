using System.Globalization;

namespace WeightSpace.Core.Features;

/// <summary>One statistic: its kind and, for percentiles, q in [0, 100].</summary>
public readonly record struct Statistic(StatisticKind Kind, double Q = 0)
{
    /// <summary>The name as written in params and feature names: mean, var, std, skew, kurtosis, pN.</summary>
    public string Name => Kind switch
    {
        StatisticKind.Mean => "mean",
        StatisticKind.Var => "var",
        StatisticKind.Std => "std",
        StatisticKind.Skew => "skew",
        StatisticKind.Kurtosis => "kurtosis",
        _ => "p" + Q.ToString("R", CultureInfo.InvariantCulture),
    };

    public override string ToString() => Name;
}
