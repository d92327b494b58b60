using TorchSharp;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Tetris;

/// <summary>Per model and epoch (model-major, epochs 1..E): flat weights in layout order and metrics.</summary>
public sealed record FcnCheckpoints(int Models, int Epochs, int Parameters, float[] Weights,
    float[] TrainAccuracy, float[] TestAccuracy, float[] TrainLoss, float[] TestLoss)
{
    public int Row(int model, int epoch) => model * Epochs + (epoch - 1);
}
