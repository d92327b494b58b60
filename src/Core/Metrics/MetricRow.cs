namespace WeightSpace.Core.Metrics;

/// <summary>One measured number in the long-format metrics table, under its <see cref="MetricKey"/>.</summary>
/// <param name="Key">What the number is (the key columns the report joins on).</param>
/// <param name="Value">The number.</param>
/// <param name="Split">Where it was measured: test, validation, train, all.</param>
/// <param name="Seed">The seed of the run that produced it.</param>
/// <param name="Stage">The pipeline stage that wrote the row.</param>
public sealed record MetricRow(MetricKey Key, double Value, string Split, int Seed, string Stage)
{
    /// <summary>A row from its key's columns, in the order of <see cref="MetricKey"/>.</summary>
    public MetricRow(string table, string dataset, string target, string method, string input, string augmentation, string config, string metric,
        double value, string split, int seed, string stage)
        : this(new MetricKey(table, dataset, target, method, input, augmentation, config, metric), value, split, seed, stage)
    {
    }

    /// <summary>The row's settings as typed columns (a figure's point); none for a table's row.</summary>
    public MetricCoordinates At { get; init; } = MetricCoordinates.None;
}
