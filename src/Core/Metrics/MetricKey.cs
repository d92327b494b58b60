namespace WeightSpace.Core.Metrics;

/// <summary>
/// What a number is: the key columns of data/reference/thesis-results.csv, shared by a measured
/// metric row and a report row, so the report is a join on them.
/// </summary>
/// <param name="Table">Thesis table id, e.g. "table2"; a non-thesis result uses its own id (e.g. "datasets"), a figure "fig&lt;N&gt;".</param>
/// <param name="Dataset">e.g. "tetris-seed", "mnist".</param>
/// <param name="Target">What is predicted or measured: accuracy, activation, init, reconstruction, ...</param>
/// <param name="Method">linreg, loglinear, attnae2, ...</param>
/// <param name="Input">weights, stats-global, stats-layer, neurongroup, stat:var, ...</param>
/// <param name="Augmentation">none, permutation, noise, ...</param>
/// <param name="Config">Free-form settings that distinguish rows, e.g. "latent=20;N=4;d=128"; empty when none.
/// Only a label: code that needs a setting reads it from <see cref="MetricCoordinates"/>.</param>
/// <param name="Metric">r2, mse, pearson, spearman, kendall, f1, count, ...</param>
public sealed record MetricKey(
    string Table,
    string Dataset,
    string Target,
    string Method,
    string Input,
    string Augmentation,
    string Config,
    string Metric)
{
    /// <summary>The key as one string, its columns joined by '/' ("-" for an empty one): the row's name in metrics.json and in metric diffs.</summary>
    public string Id => string.Join('/', new[] { Table, Dataset, Target, Method, Input, Augmentation, Config, Metric }
        .Select(part => part.Length == 0 ? "-" : part));
}
