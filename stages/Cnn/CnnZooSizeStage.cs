using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Metrics;
using WeightSpace.Core.Zoo;
using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;

namespace WeightSpace.Stages;

/// <summary>
/// The zoo-size law on one CNN zoo (not a thesis table): the accuracy predictors of Tables 8-10 and Table 10's
/// init classifiers on nested shares of the training models, a curve fitted per method (<see cref="ZooSize"/>).
/// LightGBM, the DNN and the log-linear models train as their tables do (the sections cnn_baselines, cnn_table8,
/// baselines and cnn_attention); AttnPred takes its model from cnn_attention and its budget from zoo_size.
/// </summary>
[Stage(Order = 160)]
public sealed class CnnZooSizeStage(string zoo, ZooSizeParams zooSize, CnnBaselineParams cnn, BaselineParams baselines, CnnTable8Params table8,
    CnnAttentionParams attention, RunSettings run) : IStage
{
    /// <summary>Both CNN zoos.</summary>
    public static IEnumerable<string> Instances => CnnZooStage.Zoos;

    public string Name => $"zoo-size-{zoo}";
    public string Description => $"The zoo-size law on the {zoo} zoo: test score against the number of training models, a curve per method";
    public IReadOnlyList<string> Deps => [Artifacts.Ingested(zoo), Artifacts.Split(zoo), Artifacts.Layout(zoo)];
    public IReadOnlyList<string> Outs => [Artifacts.MetricsPart(Name)];

    public void Run(StageContext context)
    {
        var layout = LayoutCsv.Read(context.Input(Artifacts.Layout(zoo)));
        var budget = zooSize.AttentionBudget(attention);
        MemoryCheck.Require(budget, layout.NeuronGroups.Count); // before anything is allocated
        var data = ZooDataset.Load(context.Input(Artifacts.Ingested(zoo)), context.Input(Artifacts.Split(zoo)));
        var models = data.Split.ModelsIn(SplitPart.Train).Count();
        context.Log($"{models} training models; shares {string.Join(", ", zooSize.Fractions)} x seeds {string.Join(", ", zooSize.Seeds)}; " +
            $"AttnPred up to {zooSize.Epochs} epochs (patience {zooSize.Patience}), Table 9/10's {attention.Epochs} ({attention.Patience})");
        var config = new ZooSizeConfig(zooSize.Fractions, zooSize.Seeds, zooSize.Bootstrap, run.Seed, zooSize.Methods,
            cnn.EpochStride, new GradientBoostingConfig(cnn.GbmTrees, cnn.GbmLeaves, cnn.GbmLearningRate, cnn.GbmMinLeafRows, cnn.GbmEarlyStopping, run.Seed, run.Threads),
            baselines.RidgeAlphas, table8.EpochStride, table8.Trainer(run.Seed),
            CnnAttentionStage.Config(budget, run.Seed), attention.Trainer(run.Seed));
        var rows = ZooSize.Rows(data, layout, config, ZooNames.Dataset(zoo), Name, line => context.Log($"  {line}")).ToList();
        MetricsTable.Write(context.Output(Artifacts.MetricsPart(Name)), rows);
    }
}

/// <summary>
/// The zoo-size law (zoo-size-cnn-*): which shares of the training models, how many seeds, and AttnPred's budget
/// (its model, learning rate and epoch stride are cnn_attention's; the other methods train as their tables do).
/// </summary>
[ParamsSection("zoo_size")]
public sealed record ZooSizeParams(
    [property: MinLength(3), Range(0.0, 1.0, MinimumIsExclusive = true), DistinctItems, StrictlyIncreasing] IReadOnlyList<double> Fractions, // shares of the training models, nested per seed
    [property: MinLength(1), Range(0, 1000), DistinctItems] IReadOnlyList<int> Seeds,       // one subset draw and one initialisation each
    [property: MinLength(1), DistinctItems, AllowedValues("gbm-paper", "loglinear", "dnn-paper", "attnpred")] IReadOnlyList<string> Methods,
    [property: Range(0, 100_000)] int Bootstrap,             // replicates over seeds behind the fitted max's sd
    [property: Range(1, 100_000)] int Epochs,                // AttnPred's epochs at most (Table 9/10's: cnn_attention.epochs)
    [property: Range(1, 100_000)] int Patience,              // AttnPred's early stop
    [property: Range(1, 65_536)] int BatchSize,              // AttnPred's batch size
    [property: Range(0, 100_000_000)] int MaxTrainRows)      // AttnPred's and the init log-linear's training checkpoints at most, a seeded subsample (0: all)
{
    /// <summary>cnn_attention with this law's AttnPred budget in place of its own.</summary>
    public CnnAttentionParams AttentionBudget(CnnAttentionParams attention) =>
        attention with { Epochs = Epochs, Patience = Patience, BatchSize = BatchSize, MaxTrainRows = MaxTrainRows };
}
