using WeightSpace.Core.Cnn;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// `cnn-shard` and `cnn-merge`: a CNN zoo trained as a cluster job array. Each task trains shard
/// k of n from the same params and image set the zoo stage uses; the merge writes a zoo folder
/// byte-identical to the stage's, which params' cnn_zoo source can then name (README).
/// </summary>
public static class CnnShardCommands
{
    public static int Shard(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "set", "shard", "out");
        var set = cli.Get("set") ?? throw new UsageException("cnn-shard: --set=mnist or --set=fashion is required");
        if (!ZooNames.CnnImageSetNames.Contains(set)) throw new UsageException($"cnn-shard: unknown --set={set}; expected {string.Join(" or ", ZooNames.CnnImageSetNames)}");
        var shard = cli.Get("shard") ?? throw new UsageException("cnn-shard: --shard=K/N is required (K from 0)");
        var parts = shard.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var k) || !int.TryParse(parts[1], out var n) || n < 1 || k < 0 || k >= n)
            throw new UsageException($"cnn-shard: --shard={shard} is not K/N with 0 <= K < N");
        var output = cli.Get("out") ?? throw new UsageException("cnn-shard: --out=DIR is required");
        var images = paths.Full(Artifacts.Images(set));
        if (!Directory.Exists(images)) throw new UsageException($"cnn-shard: {images} not found; run `dotnet cake --target=Images{char.ToUpperInvariant(set[0])}{set[1..]}` first");
        var (_, parameters) = Commands.LoadParams(paths, cli);
        Commands.UseTorch(parameters.Get<RunSettings>());
        var (models, recipe, train, test) = CnnZooStage.Plan(set, parameters.Get<CnnZooParams>(), parameters.Get<RunSettings>(), images);
        CnnZoo.GenerateShard(Path.GetFullPath(output), set, models, recipe, train, test, k, n, ConsoleLog.Line);
        return 0;
    }

    public static int Merge(ProjectPaths paths, CommandLine cli)
    {
        Commands.RejectUnknown(cli, "out");
        var output = cli.Get("out") ?? throw new UsageException("cnn-merge: --out=DIR is required");
        if (cli.Names.Count == 0) throw new UsageException("cnn-merge: name the shard folders");
        try
        {
            var summary = CnnZoo.Merge(cli.Names.Select(Path.GetFullPath).ToList(), Path.GetFullPath(output));
            Console.WriteLine($"{summary.Models} models, {summary.Checkpoints} checkpoints each -> {output}");
        }
        catch (ZooFormatException e)
        {
            throw new UsageException($"cnn-merge: {e.Message}");
        }
        return 0;
    }
}
