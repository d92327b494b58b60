using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Features;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>Per checkpoint: the statistics over all weights, per layer and per neuronGroup, streamed by row group.</summary>
[Stage(Order = 80)]
public sealed class StatisticsStage(string zoo, StatisticsParams parameters) : IStage
{
    /// <summary>Every zoo, tetris and CNN.</summary>
    public static IEnumerable<string> Instances => [.. TetrisZooStage.Zoos, .. CnnZooStage.Zoos];

    private static readonly StatisticScope[] Scopes = [StatisticScope.Global, StatisticScope.Layer, StatisticScope.NeuronGroup];

    public string Name => $"statistics-{zoo}";
    public string Description => $"Weight statistics of every {zoo} checkpoint: global, per layer, per neuronGroup";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Layout(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.Statistics(zoo)];

    public void Run(StageContext context)
    {
        var layout = LayoutCsv.Read(context.Input(Artifacts.Layout(zoo)));
        var set = StatisticSet.Parse(parameters.Set);
        // One calculator for every scope: each checkpoint is sorted once for all its groups.
        var calculator = new WeightStatistics(layout, set, Scopes);
        var names = calculator.FeatureNames;
        StatisticsFile.Write(context.Input(Artifacts.Ingested(zoo)), calculator, context.Output(Artifacts.Statistics(zoo)),
            rows => context.Log($"{rows} checkpoints"), context.Cancellation);
        context.Log($"{names.Count} statistics per checkpoint ({string.Join(", ", set.Names)} x global, {layout.Layers.Count} layers, {layout.NeuronGroups.Count} neuronGroups)");
    }
}

/// <summary>Which statistics describe a checkpoint (global, per layer, per neuronGroup).</summary>
[ParamsSection("statistics")]
public sealed record StatisticsParams(
    [property: MinLength(1), StatisticName, DistinctItems] IReadOnlyList<string> Set);         // mean, var, std, skew, kurtosis, pN (e.g. p25)

/// <summary>An item of statistics.set: a name <see cref="StatisticSet"/> knows (mean, var, std, skew, kurtosis, pN).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class StatisticNameAttribute : ValidationAttribute
{
    public StatisticNameAttribute() => ErrorMessage = "must be mean, var, std, skew, kurtosis or pN with N in [0, 100] (e.g. p25)";

    public override bool IsValid(object? value)
    {
        if (value is not string name) return false;
        try
        {
            StatisticSet.Parse([name]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
