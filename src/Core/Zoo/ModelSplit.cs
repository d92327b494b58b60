using System.Globalization;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

/// <summary>
/// A split of a zoo by model, never by checkpoint: every checkpoint of a model falls on the side
/// its model is assigned to. Deterministic for a seed: the models are ordered by id and shuffled
/// with Fisher-Yates driven by System.Random(seed), whose seeded sequence .NET keeps stable.
/// </summary>
public sealed class ModelSplit
{
    private readonly Dictionary<int, SplitPart> _byId;

    private ModelSplit(IReadOnlyList<ModelAssignment> assignments)
    {
        Assignments = assignments;
        _byId = new Dictionary<int, SplitPart>(assignments.Count);
        foreach (var a in assignments)
            if (!_byId.TryAdd(a.ModelId, a.Split))
                throw new ArgumentException($"model id {a.ModelId} is assigned twice");
    }

    /// <summary>One entry per model, ordered by model id.</summary>
    public IReadOnlyList<ModelAssignment> Assignments { get; }

    public SplitPart SplitOf(int modelId) => _byId.TryGetValue(modelId, out var s) ? s
        : throw new KeyNotFoundException($"model id {modelId} is not in the split");

    public IEnumerable<int> ModelsIn(SplitPart part) => Assignments.Where(a => a.Split == part).Select(a => a.ModelId);

    /// <summary>
    /// The checkpoint rows of one part, in row order: indices r with modelIds[r] in that part (and
    /// <paramref name="keep"/>(r), when given). An empty part is an error: no learner can use it.
    /// </summary>
    public int[] RowsOf(IReadOnlyList<int> modelIds, SplitPart part, Func<int, bool>? keep = null)
    {
        var rows = Enumerable.Range(0, modelIds.Count).Where(r => SplitOf(modelIds[r]) == part && (keep is null || keep(r))).ToArray();
        return rows.Length > 0 ? rows
            : throw new InvalidOperationException($"the {Name(part)} split has no checkpoints; raise its fraction or the model count");
    }

    /// <summary>
    /// Assigns round(n * trainFraction) models to train, round(n * validationFraction) to
    /// validation and the rest to test.
    /// </summary>
    public static ModelSplit Create(IEnumerable<(int ModelId, string ModelDir)> models, double trainFraction, double validationFraction, int seed)
    {
        if (trainFraction is < 0 or > 1 || double.IsNaN(trainFraction))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "must be in [0, 1]");
        if (validationFraction is < 0 or > 1 || double.IsNaN(validationFraction))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in [0, 1]");
        if (trainFraction + validationFraction > 1 + 1e-9)
            throw new ArgumentException($"train ({trainFraction}) + validation ({validationFraction}) fractions exceed 1");

        var ordered = models.DistinctBy(m => m.ModelId).OrderBy(m => m.ModelId).ToArray();
        var rng = new Random(seed);
        for (var i = ordered.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (ordered[i], ordered[j]) = (ordered[j], ordered[i]);
        }
        var n = ordered.Length;
        var train = (int)Math.Round(n * trainFraction, MidpointRounding.AwayFromZero);
        var validation = Math.Min(n - train, (int)Math.Round(n * validationFraction, MidpointRounding.AwayFromZero));
        var assignments = ordered.Select((m, i) => new ModelAssignment(m.ModelId, m.ModelDir,
                i < train ? SplitPart.Train : i < train + validation ? SplitPart.Validation : SplitPart.Test))
            .OrderBy(a => a.ModelId).ToList();
        return new ModelSplit(assignments);
    }

    public static readonly IReadOnlyList<string> Columns = ["model_id", "modeldir", "split"];

    /// <summary>Writes model_id,modeldir,split (split is train/validation/test).</summary>
    public void Write(string path)
    {
        using var writer = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default, leaveOpen: false);
        writer.WriteHeader([.. Columns]);
        foreach (var a in Assignments)
            writer.WriteRecord([a.ModelId.ToString(CultureInfo.InvariantCulture), a.ModelDir, Name(a.Split)]);
    }

    /// <exception cref="ZooFormatException">names the file, the row and the column.</exception>
    public static ModelSplit Read(string path)
    {
        var name = Path.GetFileName(path);
        using var reader = CsvReader.Create(File.OpenRead(path), CsvReaderOptions.Default, leaveOpen: false);
        var list = new List<ModelAssignment>();
        int[]? index = null;
        while (reader.Read())
        {
            index ??= Columns.Select(c => reader.TryGetFieldIndex(c, out var i) ? i
                : throw new ZooFormatException($"{name}: required column '{c}' is missing")).ToArray();
            var row = reader.RowNumber;
            string Field(int k) => index[k] < reader.FieldCount ? reader.GetString(index[k])
                : throw new ZooFormatException($"{name} row {row}: column '{Columns[k]}' is missing");
            if (!int.TryParse(Field(0), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                throw new ZooFormatException($"{name} row {row}, column 'model_id': '{Field(0)}' is not an integer");
            var split = Field(2) switch
            {
                "train" => SplitPart.Train,
                "validation" => SplitPart.Validation,
                "test" => SplitPart.Test,
                var other => throw new ZooFormatException($"{name} row {row}, column 'split': '{other}' is not train, validation or test"),
            };
            list.Add(new ModelAssignment(id, Field(1), split));
        }
        try
        {
            return new ModelSplit(list.OrderBy(a => a.ModelId).ToList());
        }
        catch (ArgumentException e)
        {
            throw new ZooFormatException($"{name}: {e.Message}", e);
        }
    }

    public static string Name(SplitPart part) => part switch
    {
        SplitPart.Train => "train",
        SplitPart.Validation => "validation",
        _ => "test",
    };
}
