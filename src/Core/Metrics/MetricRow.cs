namespace WeightSpace.Core.Metrics;

/// <summary>
/// One measured number in the long-format metrics table. The first nine columns are the key
/// columns of data/reference/thesis-results.csv, so the report is a join on them.
/// </summary>
/// <param name="Table">Thesis table id, e.g. "table2"; a non-thesis result uses its own id (e.g. "datasets").</param>
/// <param name="Dataset">e.g. "tetris-seed", "mnist".</param>
/// <param name="Target">What is predicted or measured: accuracy, activation, init, reconstruction, ...</param>
/// <param name="Method">linreg, loglinear, attnae2, ...</param>
/// <param name="Input">weights, stats-global, stats-layer, neurongroup, stat:var, ...</param>
/// <param name="Augmentation">none, permutation, noise, ...</param>
/// <param name="Config">Free-form settings that distinguish rows, e.g. "latent=20;N=4;d=128"; empty when none.</param>
/// <param name="Metric">r2, mse, pearson, spearman, kendall, f1, count, ...</param>
/// <param name="Value">The number.</param>
/// <param name="Split">Where it was measured: test, validation, train, all.</param>
/// <param name="Seed">The seed of the run that produced it.</param>
/// <param name="Stage">The pipeline stage that wrote the row.</param>
public sealed record MetricRow(
    string Table,
    string Dataset,
    string Target,
    string Method,
    string Input,
    string Augmentation,
    string Config,
    string Metric,
    double Value,
    string Split,
    int Seed,
    string Stage);
