using WeightSpace.Core.Cnn;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// A generated CNN zoo trained as a Slurm job array: each task trains one shard (blocks k, k+n, ...)
/// into data/.cache/shards/&lt;the zoo stage's key&gt;/&lt;k&gt;-of-&lt;n&gt;/ (renamed there when
/// complete, so a folder present is a finished shard), and the zoo stage's own job merges them
/// into the stage's outputs, byte-identical to training the zoo in one piece, and publishes them
/// under the stage's key. A resubmission trains only the shards missing for that key; the merged
/// stage's shards are then removed.
/// </summary>
public static class ShardedZoo
{
    /// <summary>The image set of a CNN zoo stage that generates its zoo, else null (a downloaded zoo, any other stage).</summary>
    public static string? SetOf(IStage stage, CnnZooParams zoo) =>
        stage is CnnZooStage
            ? ZooNames.CnnImageSetNames.FirstOrDefault(set => stage.Name == $"zoo-{ZooNames.CnnZoo(set)}" && CnnZooStage.Source(zoo, set) == CnnZooStage.Generate)
            : null;

    /// <summary>The array's size: the wanted shards, at most one per block of models (fewer blocks than that exist none).</summary>
    public static int Count(CnnZooParams zoo, int wanted) => Math.Min(wanted, (zoo.Models + zoo.BlockSize - 1) / zoo.BlockSize);

    public static string Folder(ProjectPaths paths, string key) => paths.Full($"data/.cache/shards/{key}");

    private static string ShardFolder(ProjectPaths paths, string key, int shard, int shards) => Path.Combine(Folder(paths, key), $"{shard}-of-{shards}");

    /// <summary>The shards of the zoo with this key not trained yet (all of them when the key is not known yet).</summary>
    public static IReadOnlyList<int> Missing(ProjectPaths paths, string? key, int shards) =>
        Enumerable.Range(0, shards).Where(k => key is null || !Directory.Exists(ShardFolder(paths, key, k, shards))).ToList();

    /// <summary>Trains shard <paramref name="shard"/> of the zoo whose stage has key <paramref name="key"/>, unless it is there already.</summary>
    public static void Train(ProjectPaths paths, string set, string key, int shard, int shards, PipelineParams parameters, Action<string> log)
    {
        var target = ShardFolder(paths, key, shard, shards);
        if (Directory.Exists(target))
        {
            log($"shard {shard} of {shards} is already trained ({paths.Relative(target)})");
            return;
        }
        // Scratch named like a stage's (…-<pid>-…), so a stop (scancel's SIGTERM) removes it.
        var scratch = Path.Combine(paths.Scratch, $"shard-{set}-{shard}-of-{shards}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var (models, recipe, train, test) = CnnZooStage.Plan(set, parameters.Get<CnnZooParams>(), parameters.Get<RunSettings>(), paths.Full(Artifacts.Images(set)));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            CnnZoo.GenerateShard(scratch, set, models, recipe, train, test, shard, shards, log);
            Directory.CreateDirectory(Folder(paths, key));
            Directory.Move(scratch, target);
            log($"shard {shard} of {shards} trained in {clock.Elapsed.TotalSeconds:0.0} s -> {paths.Relative(target)}");
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The zoo stage's outputs from its trained shards, into the stage's scratch: the merged zoo and
    /// the same metrics rows <see cref="CnnZooStage"/>'s Run writes (kept beside it here so the zoo
    /// stage's own code, and so its key, stay as they are; the Slurm test compares the whole
    /// report's metrics with a local run's byte for byte).
    /// </summary>
    public static void Merge(IStage stage, string set, string key, int shards, PipelineParams parameters, StageContext context)
    {
        var missing = Missing(context.Paths, key, shards);
        if (missing.Count > 0)
            throw new StageFailedException($"[{stage.Name}] shard(s) {string.Join(", ", missing)} of {shards} are not trained (no folder under {context.Paths.Relative(Folder(context.Paths, key))}): their array tasks did not finish; run again");
        var run = parameters.Get<RunSettings>();
        var (_, recipe, _, _) = CnnZooStage.Plan(set, parameters.Get<CnnZooParams>(), run, context.Input(Artifacts.Images(set)));
        var zoo = ZooNames.CnnZoo(set);
        var summary = CnnZoo.Merge(Enumerable.Range(0, shards).Select(k => ShardFolder(context.Paths, key, k, shards)).ToList(), context.Output(Artifacts.Zoo(zoo)));
        context.Log($"merged {shards} shard(s): {summary.Models} models, {summary.Checkpoints} checkpoints each; final test accuracy median {summary.MedianFinalAccuracy:F3}, max {summary.MaxFinalAccuracy:F3}");
        MetricRow Fact(string target, string metric, double value) =>
            new("datasets", zoo, target, "generator", "weights", "none", $"epoch={recipe.Epochs}", metric, value, "all", run.Seed, stage.Name);
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(stage.Name)),
        [
            Fact("models", "count", summary.Models),
            Fact("checkpoints", "count", summary.Models * summary.Checkpoints),
            Fact("parameters", "count", SmallCnn.ParameterCount),
            Fact("test-accuracy", "median", summary.MedianFinalAccuracy),
            Fact("test-accuracy", "max", summary.MaxFinalAccuracy),
        ]);
    }

    /// <summary>The shards of a zoo that is now published (its outputs are in the object cache): nothing to clean by hand.</summary>
    public static void Remove(ProjectPaths paths, string key)
    {
        if (Directory.Exists(Folder(paths, key))) Directory.Delete(Folder(paths, key), recursive: true);
    }
}
