using System.ComponentModel.DataAnnotations;
using WeightSpace.Pipeline.Params;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Metrics;
using WeightSpace.Pipeline;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>Table 8's networks on one CNN zoo: Unterthiner et al.'s DNN and the thesis' five models on chunks of the weights.</summary>
[Stage(Order = 130)]
public sealed class CnnTable8Stage(string zoo, CnnTable8Params table8, RunSettings run) : IStage
{
    /// <summary>Both CNN zoos.</summary>
    public static IEnumerable<string> Instances => CnnZooStage.Zoos;

    public string Name => $"table8-{zoo}";
    public string Description => $"Table 8's DNN, GRU, transformer and MLPLayer+Sum predictors of accuracy on the {zoo} zoo";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Layout(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var dataset = ZooNames.Dataset(zoo);
        var data = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var layout = LayoutCsv.Read(context.Input(Artifacts.Layout(zoo)));
        var table = new Table8Data(dataset, data, layout, ExperimentRows.Of(data, table8.EpochStride));
        context.Log($"{table.Rows.Train.Length} train / {table.Rows.Validation.Length} validation / {table.Rows.Test.Length} test checkpoints; up to {table8.Epochs} epochs");
        var trainer = table8.Trainer(run.Seed);

        var rows = new List<MetricRow>();
        foreach (var spec in Models(table8))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var result = Table8.Train(spec, table, trainer, line => context.Log($"  {line}"));
            context.Log($"{spec.Method} on {spec.Input}: r2 {result.R2:F3}, kendall {result.Kendall:F3}, {result.Size} parameters, {result.Epochs} epochs, {result.Seconds:F0} s");
            rows.AddRange(result.ToRows(dataset, run.Seed, Name));
        }
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
    }

    /// <summary>Unterthiner's DNN then the thesis' models, filtered by <see cref="CnnTable8Params.Models"/>.</summary>
    public static IEnumerable<Table8Model> Models(CnnTable8Params table8) =>
        new[] { Table8.UnterthinerDnn }.Concat(Table8.ThesisModels(table8.ThesisSizes)).Where(m => table8.Models.Contains(m.Method));
}

/// <summary>Table 8's networks on a CNN zoo (table8-cnn-*): which, how long, and at which size.</summary>
[ParamsSection("cnn_table8")]
public sealed record CnnTable8Params(
    [property: MinLength(1), DistinctItems, AllowedValues("dnn-paper", "dnn", "gru-attn", "transformer-mlp", "transformer-pos-mlp", "mlplayer-sum")] IReadOnlyList<string> Models,
    bool ThesisSizes)
    : TrainingBudget;
