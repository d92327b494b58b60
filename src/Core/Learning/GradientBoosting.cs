using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace WeightSpace.Core.Learning;

/// <summary>Settings of the LightGBM regressor (Unterthiner et al.'s GBM baseline).</summary>
/// <param name="Trees">boosting rounds at most; early stopping on the validation rows may stop sooner.</param>
/// <param name="Leaves">leaves per tree.</param>
/// <param name="LearningRate">shrinkage of each tree.</param>
/// <param name="MinLeafRows">fewest training rows in a leaf.</param>
/// <param name="EarlyStoppingRounds">stop after this many rounds without a better validation L2; 0 trains all rounds.</param>
/// <param name="Threads">LightGBM's OpenMP threads; results do not depend on it (deterministic mode).</param>
public sealed record GradientBoostingConfig(
    int Trees = 500,
    int Leaves = 31,
    double LearningRate = 0.05,
    int MinLeafRows = 20,
    int EarlyStoppingRounds = 50,
    int Seed = 0,
    int Threads = 1);

/// <summary>
/// A LightGBM regressor through ML.NET (Microsoft.ML.LightGbm, which ships LightGBM's native
/// library; it needs the system's OpenMP runtime, libgomp1). Deterministic: LightGBM runs in its
/// deterministic mode with a fixed seed, so the same rows give the same trees on any thread count.
/// </summary>
public sealed class GradientBoosting
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly int _columns;

    private GradientBoosting(MLContext ml, ITransformer model, int columns, int trees)
    {
        _ml = ml;
        _model = model;
        _columns = columns;
        Trees = trees;
    }

    /// <summary>Trees in the fitted ensemble (fewer than configured when early stopping stopped it).</summary>
    public int Trees { get; }

    /// <summary>Fits on the training rows, early-stopping on the validation rows.</summary>
    /// <exception cref="InvalidOperationException">LightGBM's native library or its OpenMP runtime cannot be loaded; says what to install.</exception>
    public static GradientBoosting Fit(FeatureMatrix train, double[] trainTargets, FeatureMatrix validation, double[] validationTargets, GradientBoostingConfig config) =>
        Fit(FeatureRows.Of(train), trainTargets, FeatureRows.Of(validation), validationTargets, config);

    /// <summary>Fits on float rows (n x F row-major), e.g. raw weights, without widening them to double.</summary>
    public static GradientBoosting Fit(float[] train, int columns, double[] trainTargets, float[] validation, double[] validationTargets, GradientBoostingConfig config) =>
        Fit(FeatureRows.Of(train, columns), trainTargets, FeatureRows.Of(validation, columns), validationTargets, config);

    private static GradientBoosting Fit(FeatureRows train, double[] trainTargets, FeatureRows validation, double[] validationTargets, GradientBoostingConfig config)
    {
        if (train.Rows != trainTargets.Length) throw new ArgumentException($"{train.Rows} training rows but {trainTargets.Length} targets", nameof(trainTargets));
        if (validation.Rows != validationTargets.Length) throw new ArgumentException($"{validation.Rows} validation rows but {validationTargets.Length} targets", nameof(validationTargets));
        if (validation.Columns != train.Columns) throw new ArgumentException($"train has {train.Columns} features, validation {validation.Columns}", nameof(validation));
        var ml = new MLContext(config.Seed);
        var options = new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = config.Trees,
            NumberOfLeaves = config.Leaves,
            LearningRate = config.LearningRate,
            MinimumExampleCountPerLeaf = config.MinLeafRows,
            EarlyStoppingRound = config.EarlyStoppingRounds,
            Seed = config.Seed,
            Deterministic = true,
            ForceColumnWise = true,
            NumberOfThreads = config.Threads,
            Silent = true,
            Verbose = false,
            LabelColumnName = nameof(GbmRow.Label),
            FeatureColumnName = nameof(GbmRow.Features),
        };
        try
        {
            var trainer = ml.Regression.Trainers.LightGbm(options);
            var model = trainer.Fit(View(ml, train, trainTargets), View(ml, validation, validationTargets));
            var trees = model.Model.TrainedTreeEnsemble.Trees.Count;
            return new GradientBoosting(ml, model, train.Columns, trees);
        }
        catch (Exception e) when (e is DllNotFoundException || e.InnerException is DllNotFoundException)
        {
            throw new InvalidOperationException(
                "LightGBM's native library could not be loaded (" + (e.InnerException ?? e).Message + "). " +
                "It needs the OpenMP runtime: install Debian's libgomp1 (apt-get install libgomp1).", e);
        }
    }

    /// <summary>Predictions for every row.</summary>
    public double[] Predict(FeatureMatrix x) => Predict(FeatureRows.Of(x));

    /// <summary>Predictions for every float row (n x F row-major).</summary>
    public double[] Predict(float[] rows, int columns) => Predict(FeatureRows.Of(rows, columns));

    private double[] Predict(FeatureRows x)
    {
        if (x.Columns != _columns) throw new ArgumentException($"the model was fitted on {_columns} features, got {x.Columns}", nameof(x));
        var scored = _model.Transform(View(_ml, x, new double[x.Rows]));
        return scored.GetColumn<float>("Score").Select(v => (double)v).ToArray();
    }

    private static IDataView View(MLContext ml, FeatureRows x, double[] targets)
    {
        var schema = SchemaDefinition.Create(typeof(GbmRow));
        schema[nameof(GbmRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, x.Columns);
        // Rows are materialised lazily, one at a time, as ML.NET's cursor walks them.
        var rows = Enumerable.Range(0, x.Rows).Select(r => new GbmRow { Label = (float)targets[r], Features = x.Row(r) });
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Rows of doubles or floats behind one accessor that yields a fresh float row.</summary>
    private sealed record FeatureRows(int Rows, int Columns, Func<int, float[]> Row)
    {
        public static FeatureRows Of(FeatureMatrix x) => new(x.Rows, x.Columns, r =>
        {
            var row = x.Row(r);
            var result = new float[row.Length];
            for (var c = 0; c < row.Length; c++) result[c] = (float)row[c];
            return result;
        });

        public static FeatureRows Of(float[] data, int columns)
        {
            if (columns < 1 || data.Length % columns != 0) throw new ArgumentException($"{data.Length} values are not whole rows of {columns}", nameof(data));
            return new(data.Length / columns, columns, r => data.AsSpan(r * columns, columns).ToArray());
        }
    }
}

/// <summary>One row as ML.NET reads it (public fields: ML.NET binds them by reflection).</summary>
internal sealed class GbmRow
{
    public float Label;
    public float[] Features = [];
}
