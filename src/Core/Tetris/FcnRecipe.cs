using TorchSharp;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Tetris;

/// <summary>How every model of a zoo is trained.</summary>
/// <param name="Epochs">Passes over the training images; a checkpoint after each.</param>
/// <param name="LearningRate">Step size of the optimizer.</param>
/// <param name="Optimizer">"sgd" (plain) or "adam".</param>
/// <param name="BatchSize">Images per step; every model sees the same batches.</param>
/// <param name="ShuffleSeed">Seeds the image order of each epoch (shared by all models).</param>
public sealed record FcnRecipe(int Epochs, double LearningRate, string Optimizer, int BatchSize, int ShuffleSeed);
