using System.Globalization;
using WeightSpace.Core.Baselines;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Features;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Tetris;
using WeightSpace.Core.Zoo;
using WeightSpace.Stages;

namespace WeightSpace.Bench;

/// <summary>
/// `bench recipe`: the recipe study (docs/tetris-recipe.md). Each candidate recipe generates the full
/// tetris-seed zoo (params' tetris_seed models, 75 epochs) and is scored only on data properties:
/// Table 2's Pearson correlations and stacked-statistics R² (the baselines' own code, on the
/// pipeline's by-model split), the test-accuracy spread per epoch and the label-noise ceiling.
/// The learned tables (4-7) are never used to choose. `--only=a,b` runs the candidates of those names;
/// `--lr`, `--optimizer`, `--batch`, `--init-scale`, `--copies`, `--noise`, `--clean`,
/// `--test-fraction` run one ad-hoc candidate on top of params' tetris_training instead.
/// </summary>
public static class RecipeBench
{
    /// <summary>The params profile that keeps the recipe used before this study.</summary>
    public const string EarlierRecipeProfile = "tetris-v1";

    public static readonly string[] Options = ["only", "lr", "optimizer", "batch", "init-scale", "copies", "noise", "clean", "test-fraction"];

    /// <summary>Table 2 (tetris-seed) statistics whose Pearson correlation the study aims at, in the thesis' order.</summary>
    private static readonly string[] Strong = ["var", "p0", "p25", "p75", "p100"];

    /// <summary>
    /// The candidates: the earlier recipe, a coarse grid over optimizer x learning rate x batch,
    /// initial scale and test set, then refinements around the best coarse rows. Each is a
    /// change of params' tetris_training, so a chosen row is a params.json edit.
    /// </summary>
    public static IReadOnlyList<(string Name, TetrisTraining Training)> Candidates(TetrisTraining v1)
    {
        var list = new List<(string, TetrisTraining)> { ("v1", v1) };
        void Add(string name, TetrisTraining t) => list.Add((name, t));
        // Coarse, one axis at a time from v1: optimizer and learning rate, batch, initial scale, test set.
        foreach (var lr in new[] { 0.003, 0.01, 0.2 })
            Add($"adam-{lr}", v1 with { LearningRate = lr });
        foreach (var lr in new[] { 0.03, 0.1, 0.3, 1.0 })
            Add($"sgd-{lr}", v1 with { Optimizer = "sgd", LearningRate = lr });
        Add("batch-65", v1 with { BatchSize = 65 });
        Add("init-0.3", v1 with { InitScale = 0.3 });
        Add("init-3", v1 with { InitScale = 3 });
        Add("test-50copies", v1 with { NoiseCopies = 50 });
        Add("test-clean", v1 with { NoiseCopies = 0, CleanTest = true });
        Add("test-heldout", v1 with { NoiseCopies = 0, TestFraction = 0.25 });
        // Refined around the best coarse rows (sgd 0.3 for the correlations; every row is capped by
        // the label noise of 260 test images, so the refinements test on 50 noisy copies).
        var sgd = v1 with { Optimizer = "sgd", LearningRate = 0.3 };
        var copies50 = sgd with { NoiseCopies = 50 };
        Add("r-sgd-0.3-50c", copies50);
        Add("r-sgd-0.3-50c-init-0.5", copies50 with { InitScale = 0.5 });
        Add("r-sgd-0.3-50c-init-2", copies50 with { InitScale = 2 });
        Add("r-sgd-0.5-50c", copies50 with { LearningRate = 0.5 });
        Add("r-sgd-0.3-50c-batch-16", copies50 with { BatchSize = 16 });
        Add("r-sgd-0.3-50c-noise-0.4", copies50 with { NoiseStd = 0.4 });
        Add("r-sgd-0.3-clean", sgd with { NoiseCopies = 0, CleanTest = true });
        Add("r-sgd-0.3-50c-noise-0.1", copies50 with { NoiseStd = 0.1 });
        Add("r-sgd-0.3-clean-50c", copies50 with { CleanTest = true });
        // Around the chosen row: initial scale and batch size.
        var chosen = copies50 with { NoiseStd = 0.1 };
        Add("r-chosen-init-0.5", chosen with { InitScale = 0.5 });
        Add("r-chosen-batch-4", chosen with { BatchSize = 4 });
        Add("r-adam-0.05-50c", v1 with { NoiseCopies = 50 });
        Add("r-adam-0.02-50c", v1 with { LearningRate = 0.02, NoiseCopies = 50 });
        return list;
    }

    public static void Run(ProjectPaths paths, CommandLine cli)
    {
        var (_, parameters) = Commands.LoadParams(paths, cli);
        Commands.UseTorch(parameters.Get<RunSettings>());
        var run = parameters.Get<RunSettings>();
        // The earlier recipe is the tetris-v1 profile's tetris_training (the sizes of the profile in use are kept).
        var v1 = PipelineParams.Load(paths.Params, EarlierRecipeProfile).Value.Get<TetrisTraining>() with { Epochs = parameters.Get<TetrisTraining>().Epochs };
        var candidates = AdHoc(cli, parameters.Get<TetrisTraining>()) is { } one ? [one] : Candidates(v1);
        if (cli.Get("only") is { } only)
        {
            var names = only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            candidates = candidates.Where(c => names.Contains(c.Name)).ToList();
            if (candidates.Count == 0) throw new UsageException($"bench recipe: no candidate named '{only}'");
        }
        var models = new TetrisSeedZooStage(run, parameters.Get<TetrisTraining>(), parameters.Get<TetrisSeedZoo>()).Models();
        var options = new RecipeStudyOptions(StatisticSet.Parse(parameters.Get<StatisticsParams>().Set), parameters.Get<SplitParams>().Train, parameters.Get<SplitParams>().Validation, parameters.Get<SplitParams>().Seed,
            new BaselineOptions(parameters.Get<BaselineParams>().RidgeAlphas, parameters.Get<BaselineParams>().LogisticCs, parameters.Get<BaselineParams>().MaxTrainRows, run.Seed, "bench"));
        var images = TetrisImages.Generate();
        var thesis = ThesisTargets(paths);
        Console.WriteLine($"recipe study: tetris-seed, {models.Count} models, each candidate a full zoo; thesis: "
            + string.Join(", ", Strong.Select(s => $"{s} {thesis[s]:F2}")) + $", stacked R² {thesis["stacked"]:F2}, lowest test accuracy (Fig. 16) 0.32");

        var results = new List<(string Name, TetrisTraining Training, RecipeProperties Properties)>();
        foreach (var (name, training) in candidates)
        {
            var candidate = new RecipeCandidate(name, TetrisZooStage.Recipe(training, run), TetrisZooStage.TestSet(training, run));
            var properties = RecipeStudy.Measure(candidate, ZooNames.TetrisSeed, models, images, options);
            results.Add((name, training, properties));
            PrintCandidate(name, training, properties, thesis);
        }
        Console.WriteLine();
        Console.WriteLine("| candidate | recipe | test images | " + string.Join(" | ", Strong.Select(s => $"r({s})")) + " | stacked R² | lowest acc | acc sd | noise share | R² ceiling | goal |");
        Console.WriteLine("|---|---|---:|" + string.Concat(Strong.Select(_ => "---:|")) + "---:|---:|---:|---:|---:|---|");
        Console.WriteLine($"| thesis | | | " + string.Join(" | ", Strong.Select(s => F(thesis[s]))) + $" | {F(thesis["stacked"])} | 0.32 | 0.076 | | | |");
        foreach (var (name, training, p) in results)
            Console.WriteLine($"| {name} | {Describe(training)} | {p.TestImages} | " + string.Join(" | ", Strong.Select(s => F(p.Pearson[s])))
                + $" | {F(p.StackedR2)} | {F(p.LowestTestAccuracy)} | {F(p.AccuracySd)} | {F(p.LabelNoise.Share)} | {F(p.LabelNoise.R2Ceiling)} | {(MeetsGoal(p, thesis) ? "yes" : "no")} |");
    }

    /// <summary>The recipe study's goal: the five correlations within ±0.10 with the thesis' signs, stacked R² within 0.05.</summary>
    public static bool MeetsGoal(RecipeProperties p, IReadOnlyDictionary<string, double> thesis) =>
        Strong.All(s => Math.Sign(p.Pearson[s]) == Math.Sign(thesis[s]) && Math.Abs(p.Pearson[s] - thesis[s]) <= 0.10)
        && Math.Abs(p.StackedR2 - thesis["stacked"]) <= 0.05;

    private static void PrintCandidate(string name, TetrisTraining t, RecipeProperties p, IReadOnlyDictionary<string, double> thesis)
    {
        Console.WriteLine();
        Console.WriteLine($"{name}: {Describe(t)}; test set {p.TestImages} images; {p.Seconds:F0} s" + (p.DroppedRows > 0 ? $"; {p.DroppedRows} checkpoints with non-finite weights left out" : ""));
        Console.WriteLine("  Pearson with test accuracy (test models, every checkpoint): "
            + string.Join(", ", p.Pearson.Select(kv => $"{kv.Key} {kv.Value:F2}" + (thesis.TryGetValue(kv.Key, out var th) ? $" (thesis {th:F2})" : ""))));
        Console.WriteLine($"  stacked statistics R² {p.StackedR2:F3} (thesis {thesis["stacked"]:F2}); lowest test accuracy {p.LowestTestAccuracy:F3}; accuracy sd {p.AccuracySd:F3}");
        Console.WriteLine($"  label noise: {p.LabelNoise.Share:P1} of the accuracy variance at {p.TestImages} test images; R² ceiling {p.LabelNoise.R2Ceiling:F3}; goal met: {(MeetsGoal(p, thesis) ? "yes" : "no")}");
        Console.WriteLine("  epoch   min    q1   median  q3    max");
        foreach (var s in p.Spread.Where(s => s.Epoch is 1 or 2 or 5 or 10 or 20 or 30 or 50 || s.Epoch == p.Spread.Count))
            Console.WriteLine($"  {s.Epoch,5} {s.Min,5:F2} {s.Q1,5:F2} {s.Median,6:F2} {s.Q3,5:F2} {s.Max,5:F2}");
    }

    private static string Describe(TetrisTraining t) =>
        $"{t.Optimizer} lr {t.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {t.BatchSize}, init x{t.InitScale.ToString(CultureInfo.InvariantCulture)}, test: "
        + string.Join(" + ", new[]
        {
            t.CleanTest ? "65 clean" : null,
            t.NoiseCopies > 0 ? $"{t.NoiseCopies} noisy copies (sd {t.NoiseStd.ToString(CultureInfo.InvariantCulture)})" : null,
            t.TestFraction > 0 ? $"held-out {t.TestFraction.ToString(CultureInfo.InvariantCulture)}" : null,
        }.Where(s => s is not null));

    private static string F(double v) => double.IsNaN(v) ? "—" : v.ToString("F2", CultureInfo.InvariantCulture).Replace("-", "−");

    private static (string, TetrisTraining)? AdHoc(CommandLine cli, TetrisTraining t)
    {
        if (!Options.Skip(1).Any(cli.Has)) return null;
        var adHoc = t with
        {
            LearningRate = cli.Get("lr", t.LearningRate),
            Optimizer = cli.Get("optimizer", t.Optimizer),
            BatchSize = cli.Get("batch", t.BatchSize),
            InitScale = cli.Get("init-scale", t.InitScale),
            NoiseCopies = cli.Get("copies", t.NoiseCopies),
            NoiseStd = cli.Get("noise", t.NoiseStd),
            CleanTest = cli.Get("clean", t.CleanTest ? 1 : 0) != 0,
            TestFraction = cli.Get("test-fraction", t.TestFraction),
        };
        return ("ad hoc", adHoc);
    }

    /// <summary>Table 2's tetris-seed targets from the thesis reference: Pearson per statistic and the stacked R².</summary>
    private static Dictionary<string, double> ThesisTargets(ProjectPaths paths)
    {
        var targets = new Dictionary<string, double>();
        foreach (var line in File.ReadLines(paths.Full(Artifacts.Reference)).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 9 || f[0] != "table2" || f[1] != ZooNames.TetrisSeed) continue;
            var value = double.Parse(f[8], CultureInfo.InvariantCulture);
            if (f[7] == "pearson" && f[4].StartsWith("stat:", StringComparison.Ordinal)) targets[f[4]["stat:".Length..]] = value;
            if (f[7] == "r2" && f[4] == "stats-global") targets["stacked"] = value;
        }
        foreach (var key in Strong.Append("stacked"))
            if (!targets.ContainsKey(key)) throw new InvalidDataException($"{Artifacts.Reference}: no table2 tetris-seed row for '{key}'");
        return targets;
    }
}
