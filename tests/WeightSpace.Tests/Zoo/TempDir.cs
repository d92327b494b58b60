using WeightSpace.Core.Zoo;

namespace WeightSpace.Tests.Zoo;

/// <summary>A throw-away folder, deleted with everything in it.</summary>
public sealed class TempDir : IDisposable
{
    public string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"weightspace-zoo-{Guid.NewGuid():N}")).FullName;

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A small zoo written in the published format, with knobs to break it.</summary>
public static class TinyZoo
{
    public static readonly WeightLayout Layout = WeightLayout.Fcn([16, 5, 4], biases: false);

    /// <summary>Deterministic weights: row r, column c -> r + c / 1000.</summary>
    public static float Weight(int row, int column) => row + column / 1000f;

    public static List<CheckpointMetrics> Metrics(int models, int epochs)
    {
        var rows = new List<CheckpointMetrics>();
        for (var m = 0; m < models; m++)
            for (var e = 0; e < epochs; e++)
                rows.Add(new CheckpointMetrics($"run-{m:D3}", e, 0.5 + 0.01 * e, 0.6 + 0.01 * m, 1.0 / (e + 1), 2.0 / (m + 1),
                    new Dictionary<string, string>
                    {
                        ["activation"] = m % 2 == 0 ? "relu" : "tanh",
                        ["learning_rate"] = "0.001",
                        ["w_init"] = "Glorot, \"normal\"", // a comma and quotes exercise CSV quoting
                    }));
        return rows;
    }

    /// <summary>Writes weights.npy, layout.csv and metrics.csv.gz into <paramref name="dir"/>.</summary>
    public static ZooFolder Write(string dir, int models = 3, int epochs = 4, Action<float[], int>? editRow = null,
        IReadOnlyList<CheckpointMetrics>? metrics = null, WeightLayout? layout = null)
    {
        var zoo = ZooFolder.WriteTables(dir, layout ?? Layout, metrics ?? Metrics(models, epochs));
        var p = Layout.ParameterCount;
        var rows = models * epochs;
        using var writer = NpyWriter.Create(zoo.WeightsPath, rows, p);
        var row = new float[p];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < p; c++) row[c] = Weight(r, c);
            editRow?.Invoke(row, r);
            writer.WriteRows(row);
        }
        writer.Complete();
        return zoo;
    }
}
