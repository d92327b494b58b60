using WeightSpace.Core.Features;
using WeightSpace.Core.Pipeline;
using WeightSpace.Core.Zoo;
using static WeightSpace.Core.Pipeline.ProjectPaths;

namespace WeightSpace.Stages;

/// <summary>Per checkpoint: the statistics over all weights, per layer and per neuronGroup, streamed by row group.</summary>
public sealed class StatisticsStage(string zoo, StatisticsParams parameters) : IStage
{
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
        using var writer = new FeatureFileWriter(context.Output(Artifacts.Statistics(zoo)), names);
        var rows = 0;
        var features = Array.Empty<double>(); // one buffer for every batch's features (rows x all scopes)
        foreach (var batch in ZooParquet.ReadBatches(context.Input(Artifacts.Ingested(zoo)), reuseBuffers: true))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (features.Length < batch.Rows * names.Count) features = new double[batch.Rows * names.Count];
            calculator.ComputeInto(batch.WeightMemory, features, names.Count, 0);
            writer.Write(batch.ModelIds, batch.Epochs, features, batch.Rows);
            rows += batch.Rows;
            context.Log($"{rows} checkpoints");
        }
        context.Log($"{names.Count} statistics per checkpoint ({string.Join(", ", set.Names)} x global, {layout.Layers.Count} layers, {layout.NeuronGroups.Count} neuronGroups)");
    }
}
