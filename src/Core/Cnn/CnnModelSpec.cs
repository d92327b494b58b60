namespace WeightSpace.Core.Cnn;

/// <summary>
/// One model of a CNN zoo: the hyper-parameters Unterthiner et al. sample per run, spelled as
/// their metrics.csv.gz spells them (activation "relu"/"tanh", w_init e.g. "he_normal",
/// optimizer "adam"/"sgd"/"rmsprop").
/// </summary>
/// <param name="Seed">Seeds the model's init and its dropout masks (nothing else).</param>
/// <param name="Dropout">Rate of every dropout layer, already on the 1/65,536 grid the mask compares against.</param>
public sealed record CnnModelSpec(
    int Seed,
    string Activation,
    string WInit,
    double InitStd,
    string Optimizer,
    double LearningRate,
    double L2,
    double Dropout,
    double TrainFraction);
