using System.Globalization;

namespace WeightSpace.Core.Features;

/// <summary>The kinds of summary statistic a <see cref="StatisticSet"/> can hold.</summary>
public enum StatisticKind
{
    Mean,
    /// <summary>Population variance (ddof = 0), as numpy's <c>var</c>.</summary>
    Var,
    /// <summary>Population standard deviation (ddof = 0), as numpy's <c>std</c>.</summary>
    Std,
    /// <summary>Biased sample skewness m3 / m2^1.5, as scipy's <c>skew</c> default; 0 for a constant group.</summary>
    Skew,
    /// <summary>Biased excess (Fisher) kurtosis m4 / m2^2 - 3, as scipy's <c>kurtosis</c> default; 0 for a constant group.</summary>
    Kurtosis,
    /// <summary>A percentile with numpy's default linear interpolation.</summary>
    Percentile,
}
