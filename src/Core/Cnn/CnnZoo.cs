using System.Globalization;
using WeightSpace.Core.Images;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Cnn;

/// <summary>A generated CNN zoo's size and its final test-accuracy spread.</summary>
public sealed record CnnZooSummary(int Models, int Checkpoints, double MedianFinalAccuracy, double MaxFinalAccuracy);

/// <summary>
/// Generates a Small CNN zoo in the published format (weights.npy model-major with the checkpoints
/// of each model in epoch order, metrics.csv.gz with the published columns, layout.csv).
/// Models are cut into blocks (same train fraction and activation, at most BlockSize models) once,
/// before anything is sharded; shard k of n trains blocks k, k+n, k+2n, ... and writes them in
/// block order with a models.txt naming each model's index. <see cref="Merge"/> puts any set of
/// shards covering the zoo back in model order; an unsharded run is one shard merged, so the merge
/// of n shards is byte-identical to it (a block trains the same wherever it runs).
/// </summary>
public static class CnnZoo
{
    public const string ModelsFileName = "models.txt";

    /// <summary>Model indices per block, in block order.</summary>
    public static IReadOnlyList<int[]> Blocks(IReadOnlyList<CnnModelSpec> models, int blockSize) =>
        Enumerable.Range(0, models.Count)
            .GroupBy(k => (models[k].TrainFraction, models[k].Activation))
            .OrderBy(g => g.Key.TrainFraction).ThenBy(g => g.Key.Activation, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(blockSize))
            .ToList();

    /// <summary>The whole zoo into <paramref name="directory"/> (through one shard in a scratch folder beside it).</summary>
    public static CnnZooSummary Generate(string directory, string dataset, IReadOnlyList<CnnModelSpec> models, CnnRecipe recipe,
        CnnImages train, CnnImages test, Action<string> log)
    {
        var shard = directory.TrimEnd('/') + ".shard";
        GenerateShard(shard, dataset, models, recipe, train, test, 0, 1, log);
        var summary = Merge([shard], directory);
        Directory.Delete(shard, recursive: true);
        return summary;
    }

    /// <summary>Trains shard <paramref name="shard"/> of <paramref name="shards"/> (0-based) into a folder of its own.</summary>
    public static void GenerateShard(string directory, string dataset, IReadOnlyList<CnnModelSpec> models, CnnRecipe recipe,
        CnnImages train, CnnImages test, int shard, int shards, Action<string> log)
    {
        if (shards < 1 || shard < 0 || shard >= shards) throw new ArgumentException($"shard {shard} of {shards}: expected 0 <= k < n");
        var blocks = Blocks(models, recipe.BlockSize);
        var mine = Enumerable.Range(0, blocks.Count).Where(b => b % shards == shard).Select(b => blocks[b]).ToList();
        var count = mine.Sum(b => b.Length);
        Directory.CreateDirectory(directory);
        var zoo = new ZooFolder(directory);
        var metrics = new List<CheckpointMetrics>();
        var order = new List<int>();
        using (var writer = NpyWriter.Create(zoo.WeightsPath, (long)count * recipe.Checkpoints.Count, SmallCnn.ParameterCount))
        {
            var done = 0;
            foreach (var block in mine)
            {
                var specs = block.Select(k => models[k]).ToList();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = BatchedCnnTrainer.Train(specs, recipe, train, test);
                writer.WriteRows(result.Weights);
                for (var i = 0; i < block.Length; i++)
                    for (var c = 0; c < recipe.Checkpoints.Count; c++)
                        metrics.Add(Row(dataset, block[i], models[block[i]], recipe, result, result.Row(i, c)));
                order.AddRange(block);
                done += block.Length;
                log($"{dataset}: {done}/{count} models (block of {block.Length}, train fraction {specs[0].TrainFraction}, {specs[0].Activation}: {clock.Elapsed.TotalSeconds:F0} s)");
            }
            writer.Complete();
        }
        ZooFolder.WriteTables(directory, SmallCnn.Layout, metrics);
        // First line: the zoo's model count (so a merge notices a missing shard); then each model's index in file order.
        File.WriteAllLines(Path.Combine(directory, ModelsFileName), order.Prepend(models.Count).Select(k => k.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Merges shard folders (any order) into one zoo in model order.</summary>
    /// <exception cref="ZooFormatException">a model missing or in two shards, or a shard's files disagreeing.</exception>
    public static CnnZooSummary Merge(IReadOnlyList<string> shardDirectories, string directory)
    {
        var where = new Dictionary<int, (int Shard, int Position)>();
        var total = -1;
        var tables = new List<CheckpointMetricsTable>();
        var readers = new List<NpyReader>();
        try
        {
            for (var s = 0; s < shardDirectories.Count; s++)
            {
                var shard = new ZooFolder(shardDirectories[s]);
                shard.RequireFiles();
                var lines = ReadModels(Path.Combine(shard.Directory, ModelsFileName));
                if (total >= 0 && lines[0] != total)
                    throw new ZooFormatException($"{shard.Directory} is a shard of a {lines[0]}-model zoo, {shardDirectories[0]} of a {total}-model zoo");
                total = lines[0];
                var models = lines[1..];
                for (var i = 0; i < models.Length; i++)
                    if (!where.TryAdd(models[i], (s, i)))
                        throw new ZooFormatException($"model {models[i]} is in both {shardDirectories[where[models[i]].Shard]} and {shard.Directory}");
                tables.Add(MetricsCsv.Read(shard.MetricsPath));
                readers.Add(NpyReader.Open(shard.WeightsPath));
                if (readers[^1].Rows != tables[^1].Rows.Count || (models.Length > 0 && readers[^1].Rows % models.Length != 0))
                    throw new ZooFormatException($"{shard.Directory}: {readers[^1].Rows} weight rows, {tables[^1].Rows.Count} metrics rows and {models.Length} models do not match");
            }
            var missing = Enumerable.Range(0, total).FirstOrDefault(k => !where.ContainsKey(k), -1);
            if (missing >= 0) throw new ZooFormatException($"model {missing} is in none of the {shardDirectories.Count} shard(s); the zoo has models 0..{total - 1}");
            var perModel = total == 0 ? 0 : (int)(readers[where[0].Shard].Rows / tables[where[0].Shard].Rows.Select(r => r.ModelDir).Distinct().Count());

            Directory.CreateDirectory(directory);
            var zoo = new ZooFolder(directory);
            var rows = new List<CheckpointMetrics>();
            var buffer = new float[perModel * SmallCnn.ParameterCount];
            using (var writer = NpyWriter.Create(zoo.WeightsPath, (long)total * perModel, SmallCnn.ParameterCount))
            {
                for (var k = 0; k < total; k++)
                {
                    var (s, position) = where[k];
                    readers[s].ReadRows((long)position * perModel, buffer);
                    writer.WriteRows(buffer);
                    rows.AddRange(tables[s].Rows.Skip(position * perModel).Take(perModel));
                }
                writer.Complete();
            }
            ZooFolder.WriteTables(directory, SmallCnn.Layout, rows);
            var final = rows.Where((_, i) => i % perModel == perModel - 1).Select(r => r.TestAccuracy).Order().ToArray();
            return new CnnZooSummary(total, perModel, final.Length == 0 ? double.NaN : final[final.Length / 2], final.Length == 0 ? double.NaN : final[^1]);
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }

    /// <summary>
    /// A shard's models.txt: the zoo's model count, then the index of each model in the shard, one
    /// integer a line. An empty file, a line that is not an integer or an index outside the zoo is
    /// refused with the file and line named.
    /// </summary>
    private static int[] ReadModels(string path)
    {
        var values = new List<int>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            if (!int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new ZooFormatException($"{path}: line {lineNumber}: '{line.Trim()}' is not a non-negative integer");
            if (values.Count > 0 && value >= values[0])
                throw new ZooFormatException($"{path}: line {lineNumber}: model {value} is outside the zoo's {values[0]} models");
            values.Add(value);
        }
        if (values.Count == 0)
            throw new ZooFormatException($"{path}: empty; expected the zoo's model count, then one model index a line");
        return [.. values];
    }

    /// <summary>
    /// config.epochs_between_checkpoints: the published code records epochs 0-3, every k-th epoch and the
    /// last, and writes k (20 for 0,1,2,3,20,40,60,80,86); so k is the step between the checkpoints after
    /// the first four (the last left out) when there are two of them, else the gap before the last checkpoint.
    /// </summary>
    public static int EpochsBetweenCheckpoints(IReadOnlyList<int> checkpoints)
    {
        if (checkpoints.Count > 6) return checkpoints[5] - checkpoints[4];
        return checkpoints.Count > 1 ? checkpoints[^1] - checkpoints[^2] : checkpoints[^1];
    }

    private static CheckpointMetrics Row(string dataset, int index, CnnModelSpec spec, CnnRecipe recipe, CnnCheckpoints result, int row)
    {
        string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
        // The published config.* columns, alphabetical as in the published file.
        var config = new Dictionary<string, string>
        {
            ["activation"] = spec.Activation,
            ["b_init"] = "zeros",
            ["dataset"] = dataset,
            ["dnn_architecture"] = "cnn",
            ["dropout"] = Text(spec.Dropout),
            ["epochs"] = Int(recipe.Epochs),
            ["epochs_between_checkpoints"] = Int(EpochsBetweenCheckpoints(recipe.Checkpoints)),
            ["init_std"] = Text(spec.InitStd),
            ["l2reg"] = Text(spec.L2),
            ["learning_rate"] = Text(spec.LearningRate),
            ["num_layers"] = "3",
            ["num_units"] = Int(SmallCnn.Filters),
            ["optimizer"] = spec.Optimizer,
            ["random_seed"] = Int(spec.Seed),
            ["train_fraction"] = Text(spec.TrainFraction),
            ["w_init"] = spec.WInit,
        };
        var checkpoint = row % recipe.Checkpoints.Count;
        return new CheckpointMetrics($"{dataset}/{index:D6}", recipe.Checkpoints[checkpoint],
            result.TestAccuracy[row], result.TrainAccuracy[row], result.TestLoss[row], result.TrainLoss[row], config);
    }
}
